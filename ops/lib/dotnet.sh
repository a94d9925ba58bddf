# Shared by the ops scripts: where the repository is, and a Release build of the host when needed.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOST_DLL="$REPO_ROOT/src/Vacancies.Api/bin/Release/net10.0/Vacancies.Api.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Builds in Release when any source is newer than the built host (or it is missing).
ensure_host_built() {
  if [ -f "$HOST_DLL" ] && [ -z "$(find "$REPO_ROOT/src" "$REPO_ROOT/sql" "$REPO_ROOT/Directory.Build.props" "$REPO_ROOT/Directory.Packages.props" \
        -newer "$HOST_DLL" \( -name '*.cs' -o -name '*.csproj' -o -name '*.sql' -o -name '*.json' -o -name '*.props' -o -name '*.html' -o -name '*.css' -o -name '*.js' \) \
        -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
    return 0
  fi
  echo "ops: building the service (Release)..." >&2
  dotnet build "$REPO_ROOT/src/Vacancies.Api/Vacancies.Api.csproj" -c Release --nologo -v q -clp:ErrorsOnly >&2
}
