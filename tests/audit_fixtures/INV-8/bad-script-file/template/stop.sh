#!/bin/sh
# Stop DDEV.
ddev poweroff
