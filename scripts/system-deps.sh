# Debian packages the test suite needs besides PostgreSQL (scripts/postgres.sh):
# poppler-utils (pdftoppm: PDF pages to PNG), Pango (WeasyPrint's PDF renderer),
# Chromium and ChromeDriver (browser tests with axe-core), a Java runtime (pyspark).
# Installs only what is missing.

ATTAIN_APT_PACKAGES=(poppler-utils libpango-1.0-0 libpangoft2-1.0-0 chromium)
# A Java runtime for pyspark (the Spark engine tests), unless one is already on PATH.
# Debian 12 default-jre-headless is OpenJDK 17, Debian 13 OpenJDK 21: both run Spark 4.
command -v java >/dev/null 2>&1 || ATTAIN_APT_PACKAGES+=(default-jre-headless)

install_system_deps() {
  local missing=()
  for pkg in "${ATTAIN_APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: cannot install ${missing[*]} (no apt-get)" >&2
    return 1
  fi
  local sudo=()
  [ "$(id -u)" = "0" ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}
