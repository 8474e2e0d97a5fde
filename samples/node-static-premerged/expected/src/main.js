import L from 'leaflet'
import './map.css'

const cfg = await fetch('/config.json').then((r) => r.json())
const map = L.map('map').setView(cfg.center, cfg.zoom)
L.tileLayer(cfg.tiles).addTo(map)
