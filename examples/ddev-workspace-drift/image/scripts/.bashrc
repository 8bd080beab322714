# ~/.bashrc additions of the DDEV workspace (staged, copied once).
export PATH="$HOME/bin:$PATH"
alias dps='docker ps --format "table {{.Names}}\t{{.Status}}"'
