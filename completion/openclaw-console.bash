# bash completion for openclaw-console                        -*- shell-script -*-
# Installed by `make install` as $(PREFIX)/share/bash-completion/completions/openclaw-console;
# or source it from ~/.bashrc.

_openclaw_console_themes()
{
	local d f cfg names="default light solarized-dark high-contrast mono"
	cfg=${OPENCLAW_CONSOLE_CONFIG_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/openclaw-console}
	for d in "$cfg/themes" /usr/local/share/openclaw-console/themes \
		/usr/share/openclaw-console/themes ./themes; do
		[ -d "$d" ] || continue
		for f in "$d"/*.theme; do
			[ -e "$f" ] || continue
			f=${f##*/}
			names="$names ${f%.theme}"
		done
	done
	printf '%s\n' $names | sort -u
}

_openclaw_console()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null 2>&1; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi

	local commands="tui list-keys status identity connections devices trusted explain rejections agent"
	local globals="--url --token-file --state-dir --config-dir --scopes --insecure --pin --timeout --theme
		--no-bell --json --list-keys --help --version"

	case $prev in
	--theme)
		COMPREPLY=($(compgen -W "$(_openclaw_console_themes)" -- "$cur"))
		[[ $cur == */* || $cur == .* ]] && COMPREPLY+=($(compgen -f -- "$cur"))
		return ;;
	--token-file | --pin)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--state-dir | --config-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--url)
		COMPREPLY=($(compgen -W "ws://127.0.0.1:18789 wss://" -- "$cur"))
		return ;;
	--scopes)
		COMPREPLY=($(compgen -W "operator.read operator.write operator.pairing operator.admin" -- "$cur"))
		return ;;
	esac

	# the command is the first word that is neither an option nor an option's value
	local i cmd="" sub="" w
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		--url | --token-file | --state-dir | --config-dir | --scopes | --pin | --timeout | --theme) ((i++)) ;;
		-*) ;;
		*)
			if [ -z "$cmd" ]; then cmd=$w
			elif [ -z "$sub" ]; then sub=$w
			fi ;;
		esac
	done

	if [[ $cur == -* ]]; then
		local extra=""
		case $cmd in
		connections) extra="--all" ;;
		rejections) extra="--follow" ;;
		explain) extra="--client-id --mode --auth --device" ;;
		trusted) [ "$sub" = add ] && extra="--name --device-id --client-id --mode --display-name --expires --note" ;;
		devices) case $sub in revoke) extra="--role" ;; approve) extra="--yes --restore" ;; esac ;;
		esac
		COMPREPLY=($(compgen -W "$globals $extra" -- "$cur"))
		return
	fi
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		return
	fi
	if [ -z "$sub" ]; then
		case $cmd in
		devices) COMPREPLY=($(compgen -W "list approve reject remove revoke help" -- "$cur")) ;;
		trusted) COMPREPLY=($(compgen -W "list add remove policy help" -- "$cur")) ;;
		explain) COMPREPLY=($(compgen -W "help" -- "$cur")) ;;
		esac
	fi
}
complete -F _openclaw_console openclaw-console
