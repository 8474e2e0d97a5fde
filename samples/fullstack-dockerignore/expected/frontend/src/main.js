import './shop.css'

const list = document.getElementById('products')
const products = await fetch('/api/products').then((r) => r.json())
list.innerHTML = products.map((p) => `<li>${p.name} – €${p.price}</li>`).join('')
