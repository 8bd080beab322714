output "f_conversions" {
  value = [tostring(5), tostring(true), tostring("s"), tonumber("1e3"), tonumber(".5"), tonumber(2), tobool("1"), tobool("false"), tostring(null)]
}

output "f_case" {
  value = [lower("ÀB ΣΑΣ İ"), upper("straße ǆ ᾳ"), lower(12), upper(true)]
}

output "f_trimspace" {
  value = trimspace("  \t x y \n\n")
}

output "f_format" {
  value = format("%s-%d-%v-%q-%05.1f-%x-%X-%o-%b-%t-%%", "a", "7", 1.5, "q\"<&>", 3.14159, 255, 255, 8, 5, "true")
}

output "f_format_widths" {
  value = format("[%5s|%-5s|%05d|%+d|% d|%.2s|%8.3f|%-8.2f|%5v|%-6v|%05s]", "ab", "cd", -42, 3, 4, "héllo", 2.5, -1.25, 1, true, "z")
}

output "f_format_values" {
  value = format("%v %v %v %v %v %#v %#v", 1000000, 123456, 0.00001, [1, "a"], { b = 1, a = [true] }, "s", { x = null })
}

output "f_format_index" {
  value = format("%[2]s %[1]s %s", "a", "b")
}

output "f_join" {
  value = [join(", ", ["a", 1, true], []), join("-", local.lists...), join("", [])]
}

output "f_concat" {
  value = concat([1], ["a", [2]], [], [{ k = "v" }])
}

output "f_merge" {
  value = [merge({ a = 1, b = { c = 2 } }, null, { b = "x", d = [1] }), merge(local.maps...), merge()]
}

output "f_coalesce" {
  value = [coalesce(null, "", "x"), coalesce(null, 1, "2"), coalesce("", 3), coalesce(false, null)]
}

output "f_nested_calls" {
  value = upper(format("%s:%s", lower("ABC"), join("+", concat(["x"], ["y"]))))
}
