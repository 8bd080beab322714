// Locals referring to locals and variables; outputs elsewhere read them.

locals {
  greeting = "hello ${var.name}"
  shout    = upper(local.greeting)
  chain_a  = local.chain_b
  chain_b  = local.chain_c
  chain_c  = "end of chain"
  key      = "dynamic"
  n        = 7
  list     = ["zero", "one", "two"]
  obj      = { k = "v", nested = { deep = [10, 20] } }
  lists    = [["a", "b"], ["c"]]
  maps     = [{ a = 1 }, { b = 2 }, { a = 3 }]
  /* a commented-out local = "never" */
  flag = var.enabled && var.size == "large"
}
