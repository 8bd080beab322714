# Heredocs: terraform's <<- rule over the whole body.

output "h_plain" {
  value = <<EOT
    indented ${var.name}
  two
not indented
EOT
}

output "h_flush_basic" {
  value = <<-EOT
    one
      two
    three
    EOT
}

output "h_flush_column0_interpolation" {
  value = <<-EOT
    #!/bin/bash
    echo start
${local.greeting}
    cat <<EOF > /tmp/x
${var.name}: ${var.size}
    EOF
  EOT
}

output "h_flush_tabs" {
  value = <<-EOT
		tabbed
	  tab and spaces
    four spaces
	${var.name}
  EOT
}

output "h_flush_blank_lines" {
  value = <<-EOT

    a
      
        
  
    b ${local.n}

    c
    EOT
}

output "h_flush_whitespace_only_short" {
  value = <<-EOT
      x
  
      y
    EOT
}

output "h_escapes" {
  value = <<-EOT
    tab\tstays \n \\ \" $${literal} %%{directive} $$ %%
    EOT
}

output "h_plain_escapes" {
  value = <<EOT
a\tb $${x} %%{y}
EOT
}

output "h_strip_markers" {
  value = <<-EOT
    a ${~ local.n ~}   
    b
    c   ${~ "q"}
    EOT
}

output "h_multiline_interpolation" {
  value = <<-EOT
    a ${join(",",
[1, 2])} b
    c
  EOT
}

output "h_interpolation_after_indent" {
  value = <<-EOT
    ${var.name}
      y
    EOT
}

output "h_empty" {
  value = <<-EOT
  EOT
}

output "h_column0_literal" {
  value = <<-EOT
zero
    four
  EOT
}

output "h_indented_close_plain" {
  value = <<EOT
    a
  EOT
}

output "h_unicode_indent" {
  value = <<-EOT
    é
     ü ${local.n}
    EOT
}

output "h_in_function" {
  value = trimspace(<<-EOT

    spaced out

    EOT
  )
}
