#!/usr/bin/env bash
# The main job: train the seed CNN on Fashion-MNIST, offline. Installs Debian's
# dataset-fashion-mnist first when it is missing (as root), then runs `kusari train`.
# Extra arguments go to `kusari train` (e.g. --epochs 5 --threads 1).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d /usr/share/datasets/fashion-mnist ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q dataset-fashion-mnist
fi
swift run -c release kusari train --dataset fashion-mnist --epochs 1 "$@"
