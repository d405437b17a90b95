# bash completion for vmlinuz-tool (installed as
# /usr/share/bash-completion/completions/vmlinuz-tool): subcommands, their
# options (vmlinuz-tool(1)), and the values that are a fixed list.
_vmlinuz_tool()
{
	local cur prev words cword cmd opts
	_init_completion || return

	if [[ $cword -eq 1 ]]; then
		COMPREPLY=($(compgen -W 'inspect extract embed mkinitramfs update payload status
			--help --version' -- "$cur"))
		return
	fi
	cmd=${words[1]}
	case $prev in
	--method) COMPREPLY=($(compgen -W 'auto builtin stub' -- "$cur")); return ;;
	--compress) COMPREPLY=($(compgen -W 'none gzip xz zstd' -- "$cur")); return ;;
	--profile) # the installed profiles: distro facts live there only
		COMPREPLY=($(compgen -W "$(ls /usr/share/vmlinuz-tool/distro-profiles \
			/usr/local/share/vmlinuz-tool/distro-profiles 2>/dev/null)" -- "$cur"))
		return ;;
	--accel) COMPREPLY=($(compgen -W 'kvm:tcg kvm tcg' -- "$cur")); return ;;
	--kver) COMPREPLY=($(compgen -W "$(ls /lib/modules 2>/dev/null)" -- "$cur")); return ;;
	--root | --moddir | --dest | --profiles) _filedir -d; return ;;
	--keep | --smoke-mem | --smoke-timeout | --token) return ;;
	esac
	case $cmd in
	inspect) opts='--json --help' ;;
	extract) opts='--vmlinux --initramfs --stock --force --help' ;;
	embed) opts='-o --force --method --sign-key --sign-cert --sign-pass-file --help' ;;
	mkinitramfs) opts='--profile --kver --moddir --compress --with-rescue --init --profiles -o --force --help' ;;
	update) opts='--profile --kver --root --deb --dest --keep --qemu --accel --smoke-mem --smoke-timeout --compress --profiles --init --sign-key --sign-cert --sign-pass-file --help' ;;
	payload) opts='-o --force --no-token --compress --help' ;;
	status) opts='--json --token --token-file --help' ;;
	*) return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		_filedir
	fi
}
complete -F _vmlinuz_tool vmlinuz-tool
