# json.awk: prints every scalar of a JSON document as "path<TAB>value"
# (object members as a.b, array items as a.0). Enough for package.json & co.
BEGIN { RS = "\001" }
{ doc = doc $0 }
function ws(    c) { while (pos <= n) { c = substr(s, pos, 1); if (c == " " || c == "\t" || c == "\n" || c == "\r") pos++; else break } }
function str(    out, c) {
  pos++; out = ""
  while (pos <= n) {
    c = substr(s, pos, 1)
    if (c == "\\") {
      pos++; c = substr(s, pos, 1)
      if (c == "n") c = "\n"; else if (c == "t") c = "\t"; else if (c == "u") { c = "\\u" substr(s, pos + 1, 4); pos += 4 }
      out = out c; pos++; continue
    }
    if (c == "\"") { pos++; return out }
    out = out c; pos++
  }
  return out
}
function emit(p, v) { gsub(/\n/, "\\n", v); gsub(/\t/, " ", v); print p "\t" v }
function value(path,    c, start, k, i) {
  ws(); c = substr(s, pos, 1)
  if (c == "{") {
    pos++; ws(); if (substr(s, pos, 1) == "}") { pos++; return }
    while (pos <= n) {
      ws(); k = str(); ws(); pos++
      value(path == "" ? k : path "." k)
      ws(); c = substr(s, pos, 1); pos++
      if (c != ",") return
    }
    return
  }
  if (c == "[") {
    pos++; ws(); if (substr(s, pos, 1) == "]") { pos++; return }
    i = 0
    while (pos <= n) { value(path "." i); i++; ws(); c = substr(s, pos, 1); pos++; if (c != ",") return }
    return
  }
  if (c == "\"") { emit(path, str()); return }
  start = pos
  while (pos <= n && index(",}] \t\r\n", substr(s, pos, 1)) == 0) pos++
  emit(path, substr(s, start, pos - start))
}
END { s = doc; n = length(s); pos = 1; value("") }
