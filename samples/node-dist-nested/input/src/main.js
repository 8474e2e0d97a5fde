const notes = [
  { version: '1.0.3', text: 'Fix the date format in the feed.' },
  { version: '1.0.2', text: 'Faster search.' },
]

document.getElementById('notes').innerHTML = notes
  .map((n) => `<h2>${n.version}</h2><p>${n.text}</p>`)
  .join('')
