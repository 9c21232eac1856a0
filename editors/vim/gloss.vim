" Gloss for Vim 8.2+/9 with vim-lsp (prabirshrestha/vim-lsp): source this
" from vimrc.  vim-lsp shows hover (:LspHover), definition (:LspDefinition),
" references (:LspReferences), code actions (:LspCodeAction) and, with
" g:lsp_semantic_enabled (set below), semantic tokens.
"
" Options (before sourcing): g:gloss_command (default ['gloss', 'serve']).
" Colours: vim-lsp highlights a token of type T with the group LspSemanticT;
" this file links those to one Gloss* group per kind, and each Gloss* group
" to a standard group, with `hi def link`, so a colour scheme or your vimrc
" wins.  Change a kind with e.g. `hi GlossPerson ctermfg=208 guifg=#ff8700`.

let s:command = get(g:, 'gloss_command', ['gloss', 'serve'])

" The workspace root: the nearest folder upward holding annotations/, else
" the folder Vim was started in when the file is inside it, else the file's folder.
function! GlossRoot(path) abort
  let l:dir = fnamemodify(a:path, ':p:h')
  let l:found = finddir('annotations', l:dir . ';')
  if !empty(l:found)
    return fnamemodify(fnamemodify(l:found, ':p'), ':h:h')
  endif
  let l:cwd = getcwd()
  if l:dir ==# l:cwd || stridx(l:dir, l:cwd . '/') == 0
    return l:cwd
  endif
  return l:dir
endfunction

if executable(s:command[0])
  augroup gloss
    autocmd!
    autocmd User lsp_setup call lsp#register_server({
          \ 'name': 'gloss',
          \ 'cmd': {server_info -> s:command},
          \ 'root_uri': {server_info -> lsp#utils#path_to_uri(GlossRoot(lsp#utils#get_buffer_path()))},
          \ 'allowlist': ['text'],
          \ 'initialization_options': {'inlayHints': v:false},
          \ })
  augroup END
endif
let g:lsp_semantic_enabled = 1

" The server's token types → one group per kind → a standard group: eight
" different colours in Vim's default colour scheme.
let g:gloss_kinds = {
      \ 'Class': ['GlossPerson', 'Type'],
      \ 'Namespace': ['GlossOrg', 'Statement'],
      \ 'EnumMember': ['GlossPlace', 'Constant'],
      \ 'Property': ['GlossFacility', 'Identifier'],
      \ 'Event': ['GlossEvent', 'PreProc'],
      \ 'String': ['GlossDoc', 'Special'],
      \ 'Number': ['GlossDate', 'Comment'],
      \ 'Type': ['GlossNorp', 'WarningMsg'],
      \ }
" Token modifiers and the attribute each adds (vim-lsp names a token with
" modifiers LspSemantic<Modifiers><Type>, the modifiers sorted).
let s:modifiers = [['Definition', 'bold'], ['Modification', 'underline'], ['Uncertain', 'italic']]

" A group with the colours of `base` (resolved through links) and `attrs` added.
function! s:derive(group, base, attrs) abort
  let l:id = synIDtrans(hlID(a:base))
  let l:spec = ''
  for l:mode in ['cterm', 'gui']
    for l:what in ['fg', 'bg']
      let l:colour = synIDattr(l:id, l:what . '#', l:mode)
      if !empty(l:colour) && l:colour !=# '-1'
        let l:spec .= ' ' . l:mode . l:what . '=' . l:colour
      endif
    endfor
    let l:own = filter(['bold', 'italic', 'underline', 'undercurl', 'reverse'], {_, a -> synIDattr(id, a, mode) ==# '1'})
    let l:spec .= ' ' . l:mode . '=' . join(uniq(sort(l:own + a:attrs)), ',')
  endfor
  execute 'highlight' a:group 'NONE'
  execute 'highlight' a:group l:spec
endfunction

function! s:define_highlights() abort
  for [l:type, l:pair] in items(g:gloss_kinds)
    execute 'highlight default link' l:pair[0] l:pair[1]
    execute 'highlight default link LspSemantic' . l:type l:pair[0]
    " Every combination of modifiers, e.g. LspSemanticDefinitionUncertainClass.
    for l:mask in range(1, 7)
      let l:names = ''
      let l:attrs = []
      for l:i in range(3)
        if and(l:mask, float2nr(pow(2, l:i)))
          let l:names .= s:modifiers[l:i][0]
          call add(l:attrs, s:modifiers[l:i][1])
        endif
      endfor
      call s:derive('LspSemantic' . l:names . l:type, l:pair[0], l:attrs)
    endfor
  endfor
endfunction

call s:define_highlights()
augroup gloss_colours
  autocmd!
  " A colour scheme clears highlights, and the default scheme changes with
  " 'background': define them again on top.
  autocmd ColorScheme * call s:define_highlights()
  autocmd OptionSet background call s:define_highlights()
augroup END
