# Shared settings, sourced by the build scripts.
export APP=beacon
export BUILDER_IMAGE="$APP-builder"
