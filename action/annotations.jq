# annotations.jq: workflow commands for the native JSON report.
#
# GitHub shows at most 10 error, 10 warning and 10 notice annotations per
# step (more are dropped silently), so: the 10 worst blocking findings as
# errors, the 10 worst non-blocking findings that are not pre-existing as
# warnings, and one notice counting the rest.  Escaping follows
# actions/toolkit command.ts: '%', CR and LF in the message; also ':' and
# ',' in property values.

def rank: {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}[.severity] // 5;
def order: sort_by([rank, (.location.path // ""), .location.line, .rule]);
def esc: gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A");
def prop: esc | gsub(":"; "%3A") | gsub(","; "%2C");

def annotate($level):
  . as $f
  | .location as $l
  | [ (if $l.path then "file=" + ($l.path | prop) else empty end),
      (if $l.path and $l.line > 0 then "line=\($l.line)" else empty end),
      (if $l.path and $l.end_line > $l.line then "endLine=\($l.end_line)" else empty end),
      (if $l.path and $l.line > 0 and $l.column > 0 then "col=\($l.column)" else empty end),
      (if $l.path and $l.line > 0 and $l.column > 0 and $l.end_column > 0
          and ($l.end_line == $l.line or $l.end_line == 0)
       then "endColumn=\($l.end_column)" else empty end),
      "title=" + ("\(.rule) \(.name) (\(.severity))" | prop) ]
  | "::\($level) \(join(","))::\(
      (if $l.path == null and $l.image then "\($l.image): " else "" end)
      as $where | ($where + $f.message) | esc)";

([.findings[] | select(.gating)] | order) as $errors
| ([.findings[] | select((.gating | not) and .verdict == "below-threshold"
                         and .baseline_state != "unchanged")] | order) as $warnings
| ($errors[:10][] | annotate("error")),
  ($warnings[:10][] | annotate("warning")),
  ((([$errors | length - 10, 0] | max) + ([$warnings | length - 10, 0] | max)) as $rest
   | if $rest > 0 then
       "::notice title=shipgate::\($rest) more finding(s) not annotated (\([$errors | length - 10, 0] | max) blocking); the job summary and code scanning list every finding"
     else empty end)
