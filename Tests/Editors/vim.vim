" Plugin-less Vim test of editors/vim/gloss.vim: it sources without error,
" links every token type vim-lsp highlights to a Gloss group and a standard
" one (eight different colours in the default scheme, light and dark),
" derives the modifier groups, survives :colorscheme, and registers the
" server (through a stand-in for vim-lsp) rooted at the workspace folder.
" Run by scripts/editor-tests.sh as: vim -Nu NONE -i NONE -es -S this-file
let s:failures = []
let s:out = $GLOSS_TEST_OUT

" Stand-ins for the vim-lsp functions gloss.vim calls, as autoload scripts.
let s:stub = tempname()
call mkdir(s:stub . '/autoload/lsp/utils', 'p')
call writefile([
      \ 'function! lsp#register_server(info) abort',
      \ '  let g:gloss_test_registered = a:info',
      \ 'endfunction'], s:stub . '/autoload/lsp.vim')
call writefile([
      \ 'function! lsp#utils#path_to_uri(path) abort',
      \ '  return "file://" . a:path',
      \ 'endfunction',
      \ 'function! lsp#utils#get_buffer_path() abort',
      \ '  return expand("%:p")',
      \ 'endfunction'], s:stub . '/autoload/lsp/utils.vim')
execute 'set runtimepath^=' . fnameescape(s:stub)
let g:gloss_test_registered = {}

filetype on
syntax on
let g:gloss_command = [$GLOSS_BIN, 'serve']
try
  execute 'source' fnameescape($GLOSS_REPO . '/editors/vim/gloss.vim')
catch
  call add(s:failures, 'sourcing gloss.vim: ' . v:exception)
endtry

let s:expected = {
      \ 'Class': 'GlossPerson', 'Namespace': 'GlossOrg', 'EnumMember': 'GlossPlace',
      \ 'Property': 'GlossFacility', 'Event': 'GlossEvent', 'String': 'GlossDoc',
      \ 'Number': 'GlossDate', 'Type': 'GlossNorp'}

function! s:check_links(when) abort
  for [l:type, l:group] in items(s:expected)
    let l:listing = execute('highlight LspSemantic' . l:type)
    if l:listing !~# 'links to ' . l:group
      call add(s:failures, a:when . ': LspSemantic' . l:type . ' does not link to ' . l:group . ':' . l:listing)
    endif
    let l:target = synIDattr(synIDtrans(hlID(l:group)), 'name')
    if l:target ==# l:group || l:target ==# ''
      call add(s:failures, a:when . ': ' . l:group . ' is not linked to a standard group')
    endif
  endfor
endfunction

call s:check_links('after sourcing')

" Eight kinds, eight colours in the default scheme (GUI / true-colour values).
for s:background in ['light', 'dark']
  execute 'set background=' . s:background
  " OptionSet does not fire in an -es run; an interactive Vim fires it.
  doautocmd <nomodeline> OptionSet background
  let s:colours = {}
  for s:group in values(s:expected)
    let s:colour = synIDattr(synIDtrans(hlID(s:group)), 'fg#', 'gui')
    if s:colour ==# ''
      call add(s:failures, s:background . ': ' . s:group . ' has no colour')
    endif
    let s:colours[s:colour] = get(s:colours, s:colour, []) + [s:group]
  endfor
  " A modifier keeps the kind's colour and adds its attribute.
  let s:id = hlID('LspSemanticUncertainClass')
  if s:id == 0 || synIDattr(s:id, 'italic', 'gui') !=# '1'
        \ || synIDattr(s:id, 'fg#', 'gui') !=# synIDattr(synIDtrans(hlID('GlossPerson')), 'fg#', 'gui')
    call add(s:failures, s:background . ': LspSemanticUncertainClass is not GlossPerson in italic:'
          \ . execute('highlight LspSemanticUncertainClass'))
  endif
  for [s:colour, s:groups] in items(s:colours)
    if len(s:groups) > 1
      call add(s:failures, s:background . ': ' . join(s:groups, ', ') . ' share ' . s:colour)
    endif
  endfor
endfor

colorscheme default
call s:check_links('after :colorscheme default')

" The server, registered on vim-lsp's lsp_setup, rooted at the workspace.
doautocmd User lsp_setup
let s:registered = g:gloss_test_registered
if get(s:registered, 'name', '') !=# 'gloss'
  call add(s:failures, 'no server registered on User lsp_setup: ' . string(s:registered))
else
  execute 'edit' fnameescape($GLOSS_WORKSPACE . '/seeds/001_dbe25a89b6a06857.txt')
  if index(s:registered.allowlist, &filetype) < 0
    call add(s:failures, 'a .txt file has filetype "' . &filetype . '", not in the allowlist ' . string(s:registered.allowlist))
  endif
  let s:root = s:registered.root_uri({})
  if s:root !=# 'file://' . $GLOSS_WORKSPACE
    call add(s:failures, 'root_uri is ' . s:root . ', not the workspace ' . $GLOSS_WORKSPACE)
  endif
  if s:registered.cmd({}) !=# g:gloss_command
    call add(s:failures, 'cmd is ' . string(s:registered.cmd({})))
  endif
endif

call writefile(empty(s:failures) ? ['vim: 1 passed, 0 failed'] : map(copy(s:failures), '"vim: " . v:val') + ['vim: 0 passed, 1 failed'], s:out)
if empty(s:failures)
  qall!
endif
cquit 1
