output "s_escapes" {
  value = "a\tb\nc\\d\"e \u00e9 \U0001F600 \r!"
}

output "s_markers" {
  value = "$${x} %%{y} $$ %% $x %x $ %"
}

output "s_template" {
  value = "x-${var.name}-${1.5}-${true}-${local.n}-${-2}"
}

output "s_wrap_number" {
  value = "${var.replicas}"
}

output "s_wrap_list" {
  value = "${[1, "a", null]}"
}

output "s_strip" {
  value = "a ${~"b"~} c \n ${~local.n}"
}

output "s_unicode" {
  value = "日本語 ü ß"
}

output "s_empty" {
  value = ""
}

output "s_locals_chain" {
  value = "${local.chain_a} / ${local.shout}"
}
