#!/usr/bin/env bash
# Checks that every module keeps to its layer, from the one table below:
#   - a module's files (src/<module>/*.c, *.h) include only the public
#     headers (hscflow/NAME.h) of the modules it uses, the third-party
#     headers its layer owns, and, quoted without a folder, its own headers;
#   - a public header (include/hscflow/NAME.h) keeps to the layer of the
#     module that owns it, and every public header has an owner.
# The compiler cannot do this: every module has include/ on its path.
# Prints "file:line: message" for each violation; exits 1 when there is one.
#
# Usage: tests/layering/check_layers.sh [SOURCE_DIR]  (default: this repository)
set -euo pipefail
root=${1:-"$(cd "$(dirname "$0")/../.." && pwd)"}

# The layer table. A module may include the public headers it owns and those
# of what it uses (a module: all its headers; or one header by name).
# core (kernel, streams, distributions, statistics, calendar, comparisons,
# errors, the KPI definition record and its lookup, the trace record list)
# depends on nothing; cli owns no header and uses every module. Third-party headers are shell patterns; "-" = none.
#
# module  | owns (include/hscflow/NAME.h)                                | uses                                   | third-party
table='
core      | calendar compare dist error event_queue kpi_def pool rng stats trace | -                              | gsl/*.h Random123/*.h
config    | scenario                                                     | core                                   | libconfig.h
model     | sim kpis                                                     | core scenario                          | gsl/*.h
output    | results                                                      | core                                   | hdf5.h hdf5_hl.h gsl/gsl_version.h
exec      | exec                                                         | core config model output               | -
analysis  | appraisal optimise                                                | core scenario results                  | gsl/*.h
cli       | -                                                            | core config model output exec analysis | gsl/gsl_errno.h
'
# Headers that belong to some layer: anywhere else they are a violation.
third_party_headers='gsl/* Random123/* libconfig.h hdf5*.h H5*.h cmocka.h'

# words TEXT: TEXT's words, one per line, "-" dropped (read never expands
# the patterns as file names).
words() {
    local -a list
    read -r -a list <<<"$1" || true
    local w
    for w in "${list[@]}"; do
        [[ $w == - ]] || printf '%s\n' "$w"
    done
}

third_party=$(words "$third_party_headers")

declare -A owns uses vendor owner
modules=()
while IFS='|' read -r mod own use ven; do
    mod=$(words "$mod")
    [[ -z $mod ]] && continue
    modules+=("$mod")
    owns[$mod]=$(words "$own")
    uses[$mod]=$(words "$use")
    vendor[$mod]=$(words "$ven")
    while read -r h; do
        [[ -n $h ]] && owner[$h]=$mod
    done <<<"${owns[$mod]}"
done <<<"$table"

# The public headers a module may include, as " a b c ": its own, and each
# used module's (or the single header named).
declare -A allowed
for mod in "${modules[@]}"; do
    list=" ${owns[$mod]//$'\n'/ } "
    while read -r u; do
        [[ -z $u ]] && continue
        if [[ -n ${owns[$u]+set} ]]; then
            list+="${owns[$u]//$'\n'/ } "
        else
            list+="$u "
        fi
    done <<<"${uses[$mod]}"
    allowed[$mod]=$list
done

violations=0
report() {
    echo "$1: $2"
    violations=$((violations + 1))
}

# matches NAME PATTERNS: NAME matches one of the newline-separated PATTERNS.
matches() {
    local pat
    while read -r pat; do
        # shellcheck disable=SC2053
        [[ -n $pat && $1 == $pat ]] && return 0
    done <<<"$2"
    return 1
}

include_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*([<"])([^>"]+)[>"]'

# check_file FILE MODULE PUBLIC: every #include of FILE against MODULE's row;
# PUBLIC is 1 for a public header (it may include public headers only).
check_file() {
    local file=$1 mod=$2 public=$3 rel=${1#"$root"/}
    local line num text delim name
    while IFS= read -r line; do
        num=${line%%:*}
        text=${line#*:}
        [[ $text =~ $include_re ]] || continue
        delim=${BASH_REMATCH[1]}
        name=${BASH_REMATCH[2]}
        if [[ $name == hscflow/* ]]; then
            local base=${name#hscflow/}
            base=${base%.h}
            if [[ -z ${owner[$base]+set} ]]; then
                report "$rel:$num" "$name is not in the layer table (tests/layering/check_layers.sh)"
            elif [[ ${allowed[$mod]} != *" $base "* ]]; then
                local may=${allowed[$mod]# }
                report "$rel:$num" "$mod may not include $name (it belongs to ${owner[$base]}; $mod may include: ${may% })"
            fi
        elif matches "$name" "$third_party"; then
            if ! matches "$name" "${vendor[$mod]}"; then
                local own_vendor=${vendor[$mod]//$'\n'/ }
                report "$rel:$num" "$mod may not include <$name> (third-party headers of $mod: ${own_vendor:-none})"
            fi
        elif [[ $delim == '"' ]]; then
            if [[ $public == 1 ]]; then
                report "$rel:$num" "a public header may include only public headers (\"hscflow/NAME.h\"), not \"$name\""
            elif [[ $name == */* ]]; then
                report "$rel:$num" "\"$name\" reaches outside src/$mod: include its own headers by bare name, other modules' as \"hscflow/NAME.h\""
            elif [[ ! -f $(dirname "$file")/$name ]]; then
                report "$rel:$num" "\"$name\" is not a header in src/$mod"
            fi
        fi
    done < <(grep -n '^[[:space:]]*#[[:space:]]*include' "$file" || true)
}

[[ -d $root/src && -d $root/include/hscflow ]] || { echo "no src/ or include/hscflow/ under $root" >&2; exit 2; }

for dir in "$root"/src/*/; do
    mod=$(basename "$dir")
    if [[ -z ${uses[$mod]+set} ]]; then
        report "src/$mod" "module $mod is not in the layer table (tests/layering/check_layers.sh)"
        continue
    fi
    for file in "$dir"*.c "$dir"*.h; do
        [[ -f $file ]] && check_file "$file" "$mod" 0
    done
done

for file in "$root"/include/hscflow/*.h; do
    base=$(basename "$file" .h)
    if [[ -z ${owner[$base]+set} ]]; then
        report "include/hscflow/$base.h" "no module owns this header in the layer table (tests/layering/check_layers.sh)"
        continue
    fi
    check_file "$file" "${owner[$base]}" 1
done

if ((violations > 0)); then
    echo "$violations layering violation(s)"
    exit 1
fi
echo "layers ok"
