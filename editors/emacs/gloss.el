;;; gloss.el --- Gloss with eglot  -*- lexical-binding: t; -*-
;;
;; Load with (load "/path/to/editors/emacs/gloss.el"), then open a .txt file
;; in a Gloss workspace.  eglot 1.9 (Debian's elpa-eglot) shows hover in the
;; echo area (eldoc), jumps with M-. (xref), lists references with M-?, and
;; offers corrections with M-x eglot-code-actions; it shows neither semantic
;; tokens nor inlay hints.
;;
;; `gloss-program' is the command; set it before loading to use another binary.

;;; Code:
(require 'eglot)

(defvar gloss-program (or (getenv "GLOSS_BIN") "gloss")
  "The gloss executable.")

(add-to-list 'eglot-server-programs
             `(text-mode . (,gloss-program "serve")))

(defun gloss-eglot-maybe-start ()
  "Start eglot for plain-text files inside a Gloss workspace."
  (when (and buffer-file-name
             (string-suffix-p ".txt" buffer-file-name)
             (locate-dominating-file buffer-file-name "annotations"))
    (eglot-ensure)))

(add-hook 'text-mode-hook #'gloss-eglot-maybe-start)

(provide 'gloss)
;;; gloss.el ends here
