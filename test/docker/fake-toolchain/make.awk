# make.awk: a small subset of GNU make for the fake toolchains of the
# multistage-migrate test images.
# Variables: = := ::= ?= += != (command line wins, environment is the fallback),
# $(VAR) ${VAR} $(VAR:a=b), automatic $@ $< $^ $+ $? $*; functions wildcard shell
# patsubst subst notdir dir basename suffix addprefix addsuffix filter filter-out
# sort strip firstword lastword words word if; rules, pattern rules, the built-in
# %.o: %.c and x: x.c rules, .PHONY, export, ifdef/ifndef/ifeq/ifneq/else/endif,
# recipe prefixes @ - +. Recipes run one line per `sh -c`, like GNU make.
function sq(s) { gsub(/'/, "'\\''", s); return "'" s "'" }
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function squeeze(s) { gsub(/[ \t\n]+/, " ", s); return trim(s) }
function err(m) { fflush(); print m > "/dev/stderr"; fflush() }
function fexists(f) { return system("[ -e " sq(f) " ]") == 0 }
function newer(a, b) { return system("[ " sq(a) " -nt " sq(b) " ]") == 0 }
function die(msg) { fflush(); err("make: *** " msg ".  Stop."); exit_code = 2; exit 2 }
function shellout(cmd,    line, r) {
  r = ""
  while ((cmd | getline line) > 0) r = r (r == "" ? "" : " ") line
  close(cmd)
  return r
}
function wildcard(pats) {
  return shellout("for p in " pats "; do if [ -e \"$p\" ]; then printf '%s\\n' \"$p\"; fi; done")
}
function patsubst1(pat, rep, w,    p, pre, suf, stem) {
  p = index(pat, "%")
  if (!p) return (w == pat) ? rep : w
  pre = substr(pat, 1, p - 1); suf = substr(pat, p + 1)
  if (length(w) < length(pre) + length(suf)) return w
  if (substr(w, 1, length(pre)) != pre) return w
  if (suf != "" && substr(w, length(w) - length(suf) + 1) != suf) return w
  stem = substr(w, length(pre) + 1, length(w) - length(pre) - length(suf))
  p = index(rep, "%")
  if (!p) return rep
  return substr(rep, 1, p - 1) stem substr(rep, p + 1)
}
function patsubst_words(pat, rep, text,    n, w, i, r) {
  n = split(squeeze(text), w, " "); r = ""
  for (i = 1; i <= n; i++) r = r (i > 1 ? " " : "") patsubst1(pat, rep, w[i])
  return r
}
function pmatch(pat, w,    p, pre, suf) {
  p = index(pat, "%"); pre = substr(pat, 1, p - 1); suf = substr(pat, p + 1)
  if (length(w) <= length(pre) + length(suf)) return 0
  if (substr(w, 1, length(pre)) != pre) return 0
  if (suf != "" && substr(w, length(w) - length(suf) + 1) != suf) return 0
  STEM = substr(w, length(pre) + 1, length(w) - length(pre) - length(suf))
  return 1
}
function pctsub(s, stem) { gsub(/%/, stem, s); return s }
function splitargs(s, arr, max,    n, i, c, lvl, cur) {
  n = 1; lvl = 0; cur = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "(" || c == "{") lvl++
    else if (c == ")" || c == "}") lvl--
    if (c == "," && lvl == 0 && (max == 0 || n < max)) { arr[n++] = cur; cur = ""; continue }
    cur = cur c
  }
  arr[n] = cur
  return n
}
function literal_subst(from, to, text,    p, r) {
  if (from == "") return text
  r = ""
  while ((p = index(text, from)) > 0) { r = r substr(text, 1, p - 1) to; text = substr(text, p + length(from)) }
  return r text
}
function callfn(fn, argstr, depth,    a, n, i, w, nw, r, x, y, t, j, keep, ok) {
  if (fn == "if") {
    n = splitargs(argstr, a, 3)
    if (trim(expand(a[1], depth + 1)) != "") return expand(a[2], depth + 1)
    return (n >= 3) ? expand(a[3], depth + 1) : ""
  }
  if (fn in ONEARG) { n = 1; a[1] = argstr } else n = splitargs(argstr, a, (fn in THREEARG) ? 3 : 2)
  for (i = 1; i <= n; i++) a[i] = expand(a[i], depth + 1)
  if (fn == "wildcard") return wildcard(a[1])
  if (fn == "shell") return shellout(a[1])
  if (fn == "strip") return squeeze(a[1])
  if (fn == "patsubst") return patsubst_words(trim(a[1]), trim(a[2]), a[3])
  if (fn == "subst") return literal_subst(a[1], a[2], a[3])
  if (fn == "addprefix" || fn == "addsuffix" || fn == "filter" || fn == "filter-out" || fn == "word") { x = a[1]; t = a[2] }
  else t = a[1]
  nw = split(squeeze(t), w, " "); r = ""
  if (fn == "words") return nw
  if (fn == "firstword") return (nw > 0) ? w[1] : ""
  if (fn == "lastword") return (nw > 0) ? w[nw] : ""
  if (fn == "word") { x = trim(x) + 0; return (x >= 1 && x <= nw) ? w[x] : "" }
  if (fn == "sort") {
    for (i = 2; i <= nw; i++) { y = w[i]; for (j = i - 1; j >= 1 && w[j] > y; j--) w[j + 1] = w[j]; w[j + 1] = y }
    for (i = 1; i <= nw; i++) if (i == 1 || w[i] != w[i - 1]) r = r (r == "" ? "" : " ") w[i]
    return r
  }
  for (i = 1; i <= nw; i++) {
    y = w[i]
    if (fn == "notdir") sub(/.*\//, "", y)
    else if (fn == "dir") { if (y ~ /\//) sub(/[^\/]*$/, "", y); else y = "./" }
    else if (fn == "basename") { if (y ~ /\.[^.\/]*$/) sub(/\.[^.\/]*$/, "", y) }
    else if (fn == "suffix") { if (match(y, /\.[^.\/]*$/)) y = substr(y, RSTART); else y = "" }
    else if (fn == "addprefix") y = trim(x) y
    else if (fn == "addsuffix") y = y trim(x)
    else if (fn == "filter" || fn == "filter-out") {
      split(squeeze(x), keep, " "); ok = 0
      for (j in keep) if (index(keep[j], "%") ? pmatch(keep[j], y) : (keep[j] == y)) ok = 1
      if ((fn == "filter") != ok) y = ""
    }
    if (y != "") r = r (r == "" ? "" : " ") y
  }
  return r
}
function getvar(name, depth) {
  if (name in AUTO) return AUTO[name]
  if (!(name in val)) return ""
  if (recur[name]) return expand(val[name], depth + 1)
  return val[name]
}
function evalref(inner, depth,    fn, p, q, e, name, a, b) {
  if (match(inner, /^[a-z-]+[ \t]/)) {
    fn = substr(inner, 1, RLENGTH - 1)
    if (fn in FUNCS) return callfn(fn, substr(inner, RLENGTH + 1), depth)
  }
  p = index(inner, ":")
  if (p > 0 && index(substr(inner, p), "=") > 0) {
    name = expand(substr(inner, 1, p - 1), depth + 1); q = substr(inner, p + 1); e = index(q, "=")
    a = expand(substr(q, 1, e - 1), depth + 1); b = expand(substr(q, e + 1), depth + 1)
    if (index(a, "%")) return patsubst_words(a, b, getvar(name, depth))
    return patsubst_words("%" a, "%" b, getvar(name, depth))
  }
  return getvar(expand(inner, depth + 1), depth)
}
function expand(s, depth,    out, i, n, c, j, lvl, d, closec, inner) {
  if (depth > 60) return s
  out = ""; n = length(s); i = 1
  while (i <= n) {
    c = substr(s, i, 1)
    if (c != "$") {
      j = index(substr(s, i), "$")
      if (j == 0) { out = out substr(s, i); break }
      out = out substr(s, i, j - 1); i += j - 1; continue
    }
    c = substr(s, i + 1, 1)
    if (c == "$") { out = out "$"; i += 2; continue }
    if (c == "(" || c == "{") {
      closec = (c == "(") ? ")" : "}"
      lvl = 1; j = i + 2
      while (j <= n && lvl > 0) { d = substr(s, j, 1); if (d == c) lvl++; else if (d == closec) lvl--; j++ }
      inner = substr(s, i + 2, j - i - 3)
      out = out evalref(inner, depth); i = j; continue
    }
    if (c == "") { i++; continue }
    out = out getvar(c, depth); i += 2
  }
  return out
}
function setvar(k, op, rhs, isexport) {
  if (isexport && k ~ /^[A-Za-z_][A-Za-z0-9_]*$/) exported[k] = 1
  if (origin[k] == "cmd") return
  rhs = trim(rhs)
  if (op == "?=") { if (k in val) return; val[k] = rhs; recur[k] = 1; origin[k] = "file"; return }
  if (op == ":=" || op == "::=") { val[k] = expand(rhs, 0); recur[k] = 0 }
  else if (op == "!=") { val[k] = shellout(expand(rhs, 0)); recur[k] = 0 }
  else if (op == "+=" && (k in val)) { if (recur[k]) val[k] = val[k] " " rhs; else val[k] = val[k] " " expand(rhs, 0) }
  else { val[k] = rhs; recur[k] = 1 }
  if (origin[k] == "env" && k ~ /^[A-Za-z_][A-Za-z0-9_]*$/) exported[k] = 1
  origin[k] = "file"
}
function exports(    k, s) {
  s = ""
  for (k in exported) if (k in val) s = s "export " k "=" sq(getvar(k, 0)) "; "
  return s
}
function active(    i) { for (i = 1; i <= ncond; i++) if (!cst[i]) return 0; return 1 }
function cond_eval(w,    kw, rest, n, arr, a, b, eq) {
  kw = w; sub(/[ \t(].*/, "", kw); rest = trim(substr(w, length(kw) + 1))
  if (kw == "ifdef") return trim(getvar(trim(expand(rest, 0)), 0)) != ""
  if (kw == "ifndef") return trim(getvar(trim(expand(rest, 0)), 0)) == ""
  if (substr(rest, 1, 1) == "(") {
    rest = substr(rest, 2); sub(/\)[ \t]*$/, "", rest)
    n = splitargs(rest, arr, 2); a = trim(expand(arr[1], 0)); b = trim(expand(arr[2], 0))
  } else {
    match(rest, /^("[^"]*"|'[^']*')/); a = substr(rest, 2, RLENGTH - 2); rest = trim(substr(rest, RLENGTH + 1))
    match(rest, /^("[^"]*"|'[^']*')/); b = substr(rest, 2, RLENGTH - 2)
    a = expand(a, 0); b = expand(b, 0)
  }
  eq = (a == b)
  return (kw == "ifeq") ? eq : !eq
}
BEGIN {
  split("wildcard shell patsubst subst notdir dir basename suffix addprefix addsuffix filter filter-out sort strip firstword lastword words word if", fl, " ")
  for (i in fl) FUNCS[fl[i]] = 1
  split("wildcard shell strip notdir dir basename suffix sort firstword lastword words", fl, " ")
  for (i in fl) ONEARG[fl[i]] = 1
  THREEARG["patsubst"] = 1; THREEARG["subst"] = 1
  for (k in ENVIRON) if (k ~ /^[A-Za-z_][A-Za-z0-9_]*$/ && k != "MAKEFLAGS" && k != "SHELL") { val[k] = ENVIRON[k]; recur[k] = 0; origin[k] = "env" }
  split("CC=cc|CXX=g++|CPP=$(CC) -E|AR=ar|ARFLAGS=rv|RM=rm -f|MAKE=make|SHELL=/bin/sh", fl, "|")
  for (i in fl) { p = index(fl[i], "="); k = substr(fl[i], 1, p - 1); if (!(k in val)) { val[k] = substr(fl[i], p + 1); recur[k] = 1; origin[k] = "default" } }
  val["CURDIR"] = CURDIR; recur["CURDIR"] = 0; origin["CURDIR"] = "file"
  n = split(CMDVARS, cv, "\n")
  for (i = 1; i <= n; i++) if (cv[i] != "") {
    p = index(cv[i], "="); k = substr(cv[i], 1, p - 1); v = substr(cv[i], p + 1)
    if (substr(k, length(k)) == ":") k = substr(k, 1, length(k) - 1)
    val[k] = v; recur[k] = 0; origin[k] = "cmd"
    if (k ~ /^[A-Za-z_][A-Za-z0-9_]*$/) exported[k] = 1
  }
  ncond = 0; ntgt = 0; npat = 0; DEFAULT = ""; indefine = 0
}
{
  line = $0; lineno = FNR
  sub(/\r$/, "", line)
  if (indefine) { if (line ~ /^[ \t]*endef/) indefine = 0; next }
  isrecipe = (line ~ /^\t/ && ntgt > 0)
  while (line ~ /\\$/) {
    if ((getline nxt) <= 0) break
    sub(/\r$/, "", nxt); sub(/\\$/, "", line)
    if (isrecipe) { sub(/^\t/, "", nxt); line = line "\\\n" nxt }
    else { sub(/^[ \t]+/, "", nxt); line = line " " nxt }
  }
  if (isrecipe) {
    if (!active()) next
    cmd = substr(line, 2)
    if (cmd ~ /^[ \t]*#/) next
    for (i = 1; i <= ntgt; i++) { t = tgt[i]; nrec[t]++; rec[t, nrec[t]] = cmd; recline[t, nrec[t]] = lineno }
    next
  }
  p = index(line, "#"); if (p) line = substr(line, 1, p - 1)
  if (line ~ /^[ \t]*$/) next
  w = trim(line)
  if (w ~ /^(ifdef|ifndef|ifeq|ifneq)[ \t(]/) {
    ncond++
    if (!active_before()) { cst[ncond] = 0; ctk[ncond] = 1 } else { r = cond_eval(w); cst[ncond] = r; ctk[ncond] = r }
    next
  }
  if (w ~ /^else([ \t]|$)/) {
    if (ncond == 0) die("extraneous 'else'")
    rest = trim(substr(w, 5))
    if (ctk[ncond]) cst[ncond] = 0
    else if (rest != "") { r = cond_eval(rest); cst[ncond] = r; ctk[ncond] = r }
    else { cst[ncond] = 1; ctk[ncond] = 1 }
    next
  }
  if (w ~ /^endif([ \t]|$)/) { if (ncond == 0) die("extraneous 'endif'"); ncond--; next }
  if (!active()) next
  if (w ~ /^define[ \t]/) { indefine = 1; next }
  if (w ~ /^(-include|sinclude|include|vpath|unexport)([ \t]|$)/) next
  isexport = 0
  if (w ~ /^override[ \t]/) w = trim(substr(w, 9))
  if (w ~ /^export([ \t]|$)/) {
    w = trim(substr(w, 7)); isexport = 1
    if (w !~ /=/) { n = split(expand(w, 0), ex, " "); for (i = 1; i <= n; i++) exported[ex[i]] = 1; next }
  }
  if (match(w, /^[A-Za-z0-9_.\/-]+[ \t]*(::=|:=|\?=|\+=|!=|=)/)) {
    head = substr(w, 1, RLENGTH); rhs = substr(w, RLENGTH + 1)
    match(head, /(::=|:=|\?=|\+=|!=|=)$/); op = substr(head, RSTART); k = trim(substr(head, 1, RSTART - 1))
    setvar(k, op, rhs, isexport)
    ntgt = 0
    next
  }
  ex = expand(w, 0)
  p = index(ex, ":")
  if (!p) die("missing separator (line " lineno ")")
  tpart = substr(ex, 1, p - 1); rest = substr(ex, p + 1)
  if (substr(rest, 1, 1) == ":") rest = substr(rest, 2)
  inl = ""; s = index(rest, ";"); if (s) { inl = substr(rest, s + 1); rest = substr(rest, 1, s - 1) }
  gsub(/\|/, " ", rest)
  if (trim(rest) ~ /^[A-Za-z0-9_.-]+[ \t]*(:=|\?=|\+=|=)/) { ntgt = 0; next }
  ntgt = split(squeeze(tpart), tgt, " ")
  for (i = 1; i <= ntgt; i++) {
    t = tgt[i]
    if (t == ".PHONY") { n = split(squeeze(rest), ph, " "); for (j = 1; j <= n; j++) phony[ph[j]] = 1; continue }
    if (index(t, "%")) { npat++; patT[npat] = t; patP[npat] = rest; tgt[i] = "%" npat; continue }
    rule[t] = 1; deps[t] = deps[t] " " rest
    if (DEFAULT == "" && t !~ /^\./) DEFAULT = t
  }
  if (inl != "") for (i = 1; i <= ntgt; i++) { t = tgt[i]; nrec[t]++; rec[t, nrec[t]] = inl; recline[t, nrec[t]] = lineno }
  next
}
function active_before(    i) { for (i = 1; i < ncond; i++) if (!cst[i]) return 0; return 1 }
function allok(list,    n, a, i) {
  n = split(squeeze(list), a, " ")
  for (i = 1; i <= n; i++) if (!fexists(a[i]) && !(a[i] in rule)) return 0
  return 1
}
function build(t, parent,    key, plist, pi, stem, pp, n, pr, i, need, r, k, nr, line, cmd, silent_, ign, plus, rc, allp, seen, firstp, ranhere, c, x) {
  if (t in done) return done[t]
  if (t in inprog) { err("make: Circular " parent " <- " t " dependency dropped."); return 0 }
  inprog[t] = 1
  key = ""; plist = (t in deps) ? deps[t] : ""; stem = ""
  if ((t in nrec) && nrec[t] > 0) key = t
  else {
    for (pi = 1; pi <= npat && key == ""; pi++) {
      if (!pmatch(patT[pi], t)) continue
      stem = STEM; pp = pctsub(patP[pi], stem)
      if (allok(pp)) { plist = plist " " pp; key = "%" pi }
    }
    if (key == "" && t ~ /\.o$/ && fexists(substr(t, 1, length(t) - 2) ".c")) { stem = substr(t, 1, length(t) - 2); plist = plist " " stem ".c"; key = "%builtin-o" }
    else if (key == "" && t !~ /[.\/]/ && fexists(t ".c")) { stem = t; plist = plist " " t ".c"; key = "%builtin-link" }
  }
  if (key == "" && !(t in rule)) {
    if (fexists(t)) { done[t] = 0; delete inprog[t]; return 0 }
    if (parent != "") die("No rule to make target '" t "', needed by '" parent "'")
    die("No rule to make target '" t "'")
  }
  n = split(squeeze(plist), pr, " ")
  need = (t in phony) || !fexists(t)
  allp = ""; firstp = ""
  for (i = 1; i <= n; i++) {
    r = build(pr[i], t)
    if (r == 1 || (pr[i] in phony)) need = 1
    else if (!need && newer(pr[i], t)) need = 1
    if (!(pr[i] in seen)) { seen[pr[i]] = 1; allp = allp (allp == "" ? "" : " ") pr[i] }
    if (firstp == "") firstp = pr[i]
  }
  ranhere = 0
  if (need && key != "") {
    nr = (key ~ /^%builtin/) ? 1 : nrec[key]
    for (k = 1; k <= nr; k++) {
      AUTO["@"] = t; AUTO["<"] = firstp; AUTO["^"] = allp; AUTO["+"] = allp; AUTO["?"] = allp; AUTO["*"] = stem
      if (key == "%builtin-o") line = "$(CC) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<"
      else if (key == "%builtin-link") line = "$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@"
      else line = rec[key, k]
      cmd = expand(line, 0)
      for (x in AUTO) delete AUTO[x]
      silent_ = SILENT; ign = 0; plus = 0
      while (1) {
        c = substr(cmd, 1, 1)
        if (c == "@") silent_ = 1; else if (c == "-") ign = 1; else if (c == "+") plus = 1
        else if (c != " " && c != "\t") break
        cmd = substr(cmd, 2)
      }
      if (cmd == "") continue
      if (!silent_ || DRY) print cmd
      ranhere = 1; nexec++
      if (DRY && !plus) continue
      fflush()
      rc = system(exports() cmd)
      if (rc != 0) {
        if (ign) err("make: [" FILENAME ":" recline[key, k] ": " t "] Error " rc " (ignored)")
        else { err("make: *** [" FILENAME ":" ((key ~ /^%builtin/) ? "builtin" : recline[key, k]) ": " t "] Error " rc); exit_code = 2; exit 2 }
      }
    }
  }
  done[t] = (ranhere || need) ? 1 : 0
  delete inprog[t]
  return done[t]
}
END {
  if (exit_code) exit exit_code
  if (ncond > 0) die("missing 'endif'")
  goals = squeeze(TARGETS)
  if (goals == "") goals = ("\.DEFAULT_GOAL" in val) ? trim(getvar(".DEFAULT_GOAL", 0)) : DEFAULT
  if (goals == "") die("No targets")
  ng = split(goals, gl, " ")
  for (gi = 1; gi <= ng; gi++) {
    before = nexec
    build(gl[gi], "")
    if (nexec == before) {
      if ((gl[gi] in nrec) || (gl[gi] in phony) == 0 && fexists(gl[gi])) print "make: '" gl[gi] "' is up to date."
      else print "make: Nothing to be done for '" gl[gi] "'."
    }
  }
}
