import { marked } from 'marked';
import './docs.css';

const page = document.createElement('main');
page.innerHTML = marked.parse('# Docs portal\n\nPick a topic on the left.');
document.body.appendChild(page);
