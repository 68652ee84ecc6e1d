# Sourced by the make.sh scripts of tests/data/*: `convert FORMAT DIR FILE` has LibreOffice Writer convert FILE to
# FORMAT into "$work/DIR", with a profile of its own; "$work" is removed on exit.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
convert() { soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to "$1" --outdir "$work/$2" "$3" >/dev/null; }
