const { apiUrl, environment } = window.ADMIN_CONFIG

document.title = `Admin console (${environment})`

fetch(`${apiUrl}/users?limit=50`, { credentials: 'include' })
  .then((res) => res.json())
  .then((users) => {
    const root = document.getElementById('root')
    root.innerHTML = `<h1>${users.length} users</h1>`
  })
