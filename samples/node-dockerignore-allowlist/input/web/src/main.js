import { marked } from 'marked'
import './app.css'

const page = document.querySelector('#page')

async function show(name) {
  const res = await fetch(`/pages/${name}.md`)
  page.innerHTML = res.ok ? marked.parse(await res.text()) : '<p>Not found.</p>'
}

window.addEventListener('hashchange', () => show(location.hash.slice(1) || 'index'))
show(location.hash.slice(1) || 'index')
