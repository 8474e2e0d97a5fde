import './style.css'

const list = document.querySelector('#services')

async function refresh() {
  const res = await fetch('/status.json', { cache: 'no-store' })
  const services = await res.json()
  list.replaceChildren(...services.map(({ name, up }) => {
    const li = document.createElement('li')
    li.textContent = `${name}: ${up ? 'operational' : 'degraded'}`
    li.className = up ? 'up' : 'down'
    return li
  }))
}

refresh()
setInterval(refresh, 30_000)
