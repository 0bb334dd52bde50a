# Sourced by the Python test runners (conformance/run, display-tests/run): sets up the
# repository's .venv/ and installs a pinned requirements file into it.
#
#   ensure_venv REQUIREMENTS STAMP_NAME
#
# creates $ROOT/.venv with $PYTHON3 -m venv (python3 by default) if it is missing, and runs pip
# only when REQUIREMENTS differs from the copy kept at .venv/STAMP_NAME by the last successful
# install. $ROOT and $VENV must be set by the caller.
ensure_venv() {
    local requirements="$1" stamp="$VENV/$2"
    if [ ! -x "$VENV/bin/python" ]; then
        echo "$(basename "$0"): creating .venv/ with ${PYTHON3:-python3} -m venv" >&2
        "${PYTHON3:-python3}" -m venv "$VENV"
    fi
    if ! cmp -s "$requirements" "$stamp"; then
        echo "$(basename "$0"): installing $requirements into .venv/" >&2
        "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$requirements"
        cp "$requirements" "$stamp"
    fi
}

# Resolves the kernel binary argument (relative to $ROOT) and checks that it is executable.
kernel_binary() {
    local binary="${1:-.build/debug/backprop-kernel}"
    case "$binary" in
        /*) ;;
        *) binary="$ROOT/$binary" ;;
    esac
    if [ ! -x "$binary" ] || [ -d "$binary" ]; then
        echo "$(basename "$0"): $binary: no such executable; build it first (swift build)" >&2
        return 1
    fi
    printf '%s\n' "$binary"
}
