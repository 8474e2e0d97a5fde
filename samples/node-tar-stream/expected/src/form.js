const form = document.querySelector('form#signup')

form.addEventListener('submit', async (event) => {
  event.preventDefault()
  const body = new FormData(form)
  const res = await fetch('/api/signup', { method: 'POST', body })
  form.replaceWith(res.ok ? 'Thanks!' : 'Something went wrong.')
})
