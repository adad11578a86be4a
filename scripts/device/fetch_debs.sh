#!/usr/bin/env bash
# Downloads the Debian packages that the GPU machine lacks into target/device/debs (about 21 MB),
# which the device calls carry: the reference `flac` tool, sox and espeak-ng with the libraries
# they load, and the word lists and WordNet example sentences of the training corpus. unpack_tools.sh unpacks them there.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p target/device/debs
cd target/device/debs
apt-get download \
  flac libflac12 libogg0 \
  sox libsox3 libgomp1 libgsm1 libltdl7 libmagic1 libmagic-mgc libpng16-16 libbz2-1.0 \
  espeak-ng espeak-ng-data libespeak-ng1 libpcaudio0 libsonic0 libasound2 libpulse0 libsndfile1 \
  libasyncns0 libvorbis0a libvorbisenc2 libvorbisfile3 libopus0 libmpg123-0 libmp3lame0 libdbus-1-3 \
  libsystemd0 libcap2 libgcrypt20 libgpg-error0 liblz4-1 libzstd1 liblzma5 libx11-xcb1 libxcb1 \
  libxau6 libxdmcp6 libbsd0 libmd0 libx11-6 \
  wamerican-small scowl wordnet-base
du -sh .
