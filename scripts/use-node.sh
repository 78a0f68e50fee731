# Puts Node 24 first on PATH when the system Node is older than 22.
# Use it once per shell, before `npm ci` / `npm start` / `npm test`:
#     source scripts/use-node.sh
# Node 24 comes from the npm registry (the `node` package) into the git-ignored
# folder .tools/node24, so nothing depends on the system Node's version.
_kairan_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_kairan_node_dir="$_kairan_root/.tools/node24"
_kairan_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$_kairan_major" -lt 22 ]; then
  if [ ! -x "$_kairan_node_dir/node_modules/.bin/node" ]; then
    echo "kairan: system Node is ${_kairan_major:-missing}; installing Node 24 into .tools/node24" >&2
    mkdir -p "$_kairan_node_dir"
    # its own package.json, so npm installs here and not into the workspace root
    [ -f "$_kairan_node_dir/package.json" ] || echo '{"private":true}' > "$_kairan_node_dir/package.json"
    (cd "$_kairan_node_dir" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error node@24 >&2) || {
      echo "kairan: could not install Node 24 from the npm registry" >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$_kairan_node_dir/node_modules/.bin:$PATH"
  hash -r 2>/dev/null
fi
echo "kairan: using Node $(node --version)" >&2
unset _kairan_root _kairan_node_dir _kairan_major
