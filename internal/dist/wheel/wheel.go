// Package wheel holds asynclint's Python distribution: asynclint_build.py
// writes the platform wheel (`make wheel`, and the PEP 517 backend behind
// `pip install .` at the repository's root), python/asynclint is the package
// it carries beside the binary (`python -m asynclint`). The package has no
// Go API; its test builds a wheel, checks it, and installs it offline into a
// fresh virtual environment.
package wheel
