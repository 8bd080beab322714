#!/bin/bash
sudo systemctl start docker
until docker info >/dev/null 2>&1; do sleep 1; done
kind get clusters | grep -qx dev || kind create cluster --name dev --wait 120s
