mkdir nativebuild

docker build -f Dockerfile.build . --tag qtool/build

docker run --mount type=bind,src="$PWD/nativebuild",dst=/output --mount type=bind,src="$PWD/build/libs",dst=/input qtool/build

docker build -f Dockerfile . --tag qtool/main
