" Gloss for Vim with vim-lsp (prabirshrestha/vim-lsp): source this from vimrc.
" vim-lsp shows hover (:LspHover), definition (:LspDefinition), references
" (:LspReferences) and code actions (:LspCodeAction); semantic tokens with
" g:lsp_semantic_enabled = 1.
if executable('gloss')
  augroup gloss
    autocmd!
    autocmd User lsp_setup call lsp#register_server({
          \ 'name': 'gloss',
          \ 'cmd': {server_info -> ['gloss', 'serve']},
          \ 'root_uri': {server_info -> lsp#utils#path_to_uri(lsp#utils#find_nearest_parent_directory(lsp#utils#get_buffer_path(), 'annotations/'))},
          \ 'allowlist': ['text'],
          \ 'initialization_options': {'inlayHints': v:false},
          \ })
  augroup END
endif
let g:lsp_semantic_enabled = 1
