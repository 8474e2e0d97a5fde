import { render } from 'preact'

function Invoices() {
  return <h1>Invoices</h1>
}

render(<Invoices />, document.getElementById('app'))
