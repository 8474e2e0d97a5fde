# xml.awk: prints "/path/to/element<TAB>text" for every element that holds only
# text (enough for pom.xml). Comments and declarations are skipped.
BEGIN { RS = "<"; depth = 0; path = "" }
NR == 1 { next }
{
  rec = $0; p = index(rec, ">"); if (!p) next
  tag = substr(rec, 1, p - 1); text = substr(rec, p + 1)
  if (tag ~ /^[?!]/) next
  if (tag ~ /^\//) {
    if (depth > 0) {
      if (!haschild[depth]) { t = pend[depth]; gsub(/^[ \t\r\n]+|[ \t\r\n]+$/, "", t); print path "\t" t }
      path = substr(path, 1, length(path) - length(stack[depth]) - 1); depth--
    }
    next
  }
  if (depth > 0) haschild[depth] = 1
  if (tag ~ /\/$/) next
  name = tag; sub(/[ \t\r\n\/].*/, "", name)
  depth++; stack[depth] = name; path = path "/" name; pend[depth] = text; haschild[depth] = 0
}
