#!/bin/sh
exec /usr/local/bin/qr/qrgen "$@"
