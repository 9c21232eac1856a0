;;; gloss.el --- Gloss with eglot  -*- lexical-binding: t; -*-
;;
;; Load with (load "/path/to/gloss/editors/emacs/gloss.el"), then open a .txt
;; file.  eglot starts `gloss serve' for it, rooted at the nearest folder
;; upward holding annotations/, else the project (version control) root, else
;; the file's folder.
;;
;; What it adds to eglot (tested with Debian's eglot 1.9 on Emacs 28):
;; - highlights: eglot 1.9 has no semantic tokens, so gloss.el asks for
;;   textDocument/semanticTokens/full itself and paints each entity with an
;;   overlay whose face says its kind (`gloss-person-face' …), after edits
;;   and whenever the server asks for a refresh (after a correction);
;; - hover: the card rendered as Markdown when `markdown-mode' is installed,
;;   as plain text otherwise, in `eldoc-doc-buffer' (C-h .); the echo area
;;   shows its first line (name · kind · title);
;; - M-. (definition), M-? (references), M-x eglot-code-actions
;;   (corrections) are eglot's own.
;;
;; Faces: customise the group `gloss' (M-x customize-group RET gloss), or e.g.
;;   (set-face-attribute 'gloss-person-face nil :foreground "dark orange")
;;
;; `gloss-program' is the command; set it before or after loading.

;;; Code:
(require 'cl-lib)
(require 'eglot)
(require 'project)
(require 'subr-x)

(defgroup gloss nil
  "Entities in news articles, from the gloss language server."
  :group 'tools)

(defcustom gloss-program (or (getenv "GLOSS_BIN") "gloss")
  "The gloss executable."
  :type 'string)

(defface gloss-person-face '((t :inherit font-lock-type-face)) "PERSON.")
(defface gloss-org-face '((t :inherit font-lock-function-name-face)) "ORG.")
(defface gloss-place-face '((t :inherit font-lock-constant-face)) "GPE and LOC.")
(defface gloss-facility-face '((t :inherit font-lock-variable-name-face)) "FAC.")
(defface gloss-event-face '((t :inherit font-lock-keyword-face)) "EVENT.")
(defface gloss-doc-face '((t :inherit font-lock-string-face)) "DOC.")
(defface gloss-date-face '((t :inherit font-lock-comment-face)) "DATE and TIME.")
(defface gloss-norp-face '((t :inherit font-lock-builtin-face)) "NORP.")
(defface gloss-definition-face '((t :weight bold)) "An entity's defining mention.")
(defface gloss-modified-face '((t :underline t)) "A span an analyst made or changed.")
(defface gloss-uncertain-face '((t :slant italic))
  "A mention the statistical tagger found with low confidence.")

(defvar gloss-token-faces
  '(("class" . gloss-person-face)
    ("namespace" . gloss-org-face)
    ("enumMember" . gloss-place-face)
    ("property" . gloss-facility-face)
    ("event" . gloss-event-face)
    ("string" . gloss-doc-face)
    ("number" . gloss-date-face)
    ("type" . gloss-norp-face))
  "The server's token types (its legend) and the face of each kind.")

(defvar gloss-modifier-faces
  '(("definition" . gloss-definition-face)
    ("modification" . gloss-modified-face)
    ("uncertain" . gloss-uncertain-face))
  "The server's token modifiers and the face each adds.")

(defvar gloss-refresh-delay 0.3
  "Seconds after an edit before the highlights are asked for again.")

;;;; The server

(defclass gloss-server (eglot-lsp-server) ()
  :documentation "The gloss language server.")

(defun gloss--contact (&optional _interactive)
  "How eglot starts gloss."
  `(gloss-server ,gloss-program "serve"))

(add-to-list 'eglot-server-programs '(text-mode . gloss--contact))

(cl-defmethod eglot-client-capabilities :around ((_server gloss-server))
  "Say that gloss.el answers workspace/semanticTokens/refresh."
  (let ((caps (cl-call-next-method)))
    (plist-put caps :workspace
               (plist-put (plist-get caps :workspace)
                          :semanticTokens '(:refreshSupport t)))))

(cl-defmethod eglot-handle-request
  ((server gloss-server) (_method (eql 'workspace/semanticTokens/refresh)) &rest _)
  "Repaint every buffer SERVER manages."
  ;; Not at once: the refresh comes while a command (the correction) is still
  ;; awaiting its answer, and jsonrpc 1.0.14 (Emacs 28) can leave answers that
  ;; arrive in the same read as that one unprocessed.
  (dolist (buffer (eglot--managed-buffers server))
    (with-current-buffer buffer (gloss--schedule-refresh)))
  nil)

;;;; The workspace root

(defun gloss--project (dir)
  "A project rooted at the folder above DIR that holds annotations/."
  (when (and (bound-and-true-p eglot-lsp-context)
             buffer-file-name (string-suffix-p ".txt" buffer-file-name))
    (when-let ((root (locate-dominating-file dir "annotations")))
      (when (file-directory-p (expand-file-name "annotations" root))
        (cons 'transient (expand-file-name root))))))

(add-hook 'project-find-functions #'gloss--project)

(defun gloss-eglot-maybe-start ()
  "Start eglot for plain-text files (.txt)."
  (when (and buffer-file-name (string-suffix-p ".txt" buffer-file-name))
    (eglot-ensure)))

(add-hook 'text-mode-hook #'gloss-eglot-maybe-start)

;;;; Highlights

(defvar-local gloss--timer nil)

(defun gloss--server ()
  "The gloss server of this buffer, or nil."
  (let ((server (ignore-errors (eglot-current-server))))
    (and (cl-typep server 'gloss-server) server)))

(defun gloss--legend (server)
  (plist-get (plist-get (eglot--capabilities server) :semanticTokensProvider) :legend))

(defun gloss--paint (data legend)
  "Paint DATA, the tokens in LSP's relative form, decoded with LEGEND."
  (let ((types (plist-get legend :tokenTypes))
        (modifiers (plist-get legend :tokenModifiers))
        (line-start (point-min))
        (character 0)
        (tab-width 1))
    (save-excursion
      (save-restriction
        (widen)
        (remove-overlays (point-min) (point-max) 'gloss t)
        (goto-char (point-min))
        (cl-loop
         for i from 0 below (- (length data) 4) by 5
         do (let ((dline (aref data i)) (dchar (aref data (+ i 1)))
                  (len (aref data (+ i 2))) (type (aref data (+ i 3)))
                  (bits (aref data (+ i 4))) beg end)
              (if (zerop dline)
                  (setq character (+ character dchar))
                (goto-char line-start)
                (forward-line dline)
                (setq line-start (point) character dchar))
              ;; LSP columns (UTF-16 by default) to buffer positions, as eglot does.
              (goto-char line-start)
              (funcall eglot-move-to-column-function character)
              (setq beg (point))
              (goto-char line-start)
              (funcall eglot-move-to-column-function (+ character len))
              (setq end (point))
              (let ((faces (cl-loop for m across modifiers
                                    for bit from 0
                                    when (and (/= 0 (logand bits (ash 1 bit)))
                                              (cdr (assoc m gloss-modifier-faces)))
                                    collect it))
                    (kind (and (< type (length types))
                               (cdr (assoc (aref types type) gloss-token-faces)))))
                (when (and kind (< beg end))
                  (let ((ov (make-overlay beg end nil t nil)))
                    (overlay-put ov 'gloss t)
                    (overlay-put ov 'evaporate t)
                    (overlay-put ov 'face (append faces (list kind))))))))))))

(defun gloss-refresh ()
  "Ask the server for this buffer's tokens and paint them."
  (interactive)
  (when-let ((server (gloss--server)))
    (when-let ((legend (gloss--legend server)))
      (when (fboundp 'eglot--signal-textDocument/didChange)
        (eglot--signal-textDocument/didChange))
      (let ((buffer (current-buffer))
            (tick (buffer-chars-modified-tick)))
        (jsonrpc-async-request
         server :textDocument/semanticTokens/full
         (list :textDocument (eglot--TextDocumentIdentifier))
         :success-fn
         (lambda (result)
           (when (buffer-live-p buffer)
             (with-current-buffer buffer
               (if (/= tick (buffer-chars-modified-tick))
                   (gloss--schedule-refresh)
                 (gloss--paint (or (plist-get result :data) []) legend)))))
         ;; An answer that never came (see above) is asked for again.
         :timeout 3
         :timeout-fn
         (lambda ()
           (when (buffer-live-p buffer)
             (with-current-buffer buffer (gloss--schedule-refresh)))))))))

(defun gloss--schedule-refresh (&optional delay)
  "Refresh this buffer's highlights after DELAY seconds."
  (when (timerp gloss--timer) (cancel-timer gloss--timer))
  (let ((buffer (current-buffer)))
    (setq gloss--timer
          (run-with-timer (or delay gloss-refresh-delay) nil
                          (lambda ()
                            (when (buffer-live-p buffer)
                              (with-current-buffer buffer (gloss-refresh))))))))

(defun gloss--after-change (&rest _)
  (gloss--schedule-refresh))

;;;; Hover

(defun gloss--plain (markdown)
  "MARKDOWN as plain text: emphasis, code marks and escapes removed."
  (let ((text markdown))
    (setq text (replace-regexp-in-string "\\*\\*\\(.+?\\)\\*\\*" "\\1" text))
    (setq text (replace-regexp-in-string "\\_<_\\(.+?\\)_\\_>" "\\1" text))
    (setq text (replace-regexp-in-string "`\\([^`]*\\)`" "\\1" text))
    (replace-regexp-in-string "\\\\\\([][\\\\`*_{}()#+.!|<>-]\\)" "\\1" text)))

(defun gloss--render (markup)
  "The hover MARKUP (a MarkupContent plist) as text for Emacs."
  (let ((value (or (plist-get markup :value) "")))
    (if (and (equal (plist-get markup :kind) "markdown") (fboundp 'gfm-view-mode))
        (eglot--format-markup markup)
      (string-trim (if (equal (plist-get markup :kind) "markdown") (gloss--plain value) value)))))

(defun gloss-hover-eldoc-function (cb)
  "Hover for eldoc, calling CB: the card, and its first line as :echo."
  (when-let ((server (gloss--server)))
    (let ((buffer (current-buffer)))
      (jsonrpc-async-request
       server :textDocument/hover (eglot--TextDocumentPositionParams)
       :success-fn
       (lambda (hover)
         (when (buffer-live-p buffer)
           (with-current-buffer buffer
             (let* ((contents (plist-get hover :contents))
                    (card (and (consp contents) (gloss--render contents))))
               (if (and card (not (string-empty-p card)))
                   (funcall cb card :echo (car (split-string card "\n")))
                 (funcall cb nil))))))
       :deferred :textDocument/hover))
    ;; eglot 1.9 asks for document highlights from its own hover function.
    (when (fboundp 'eglot--highlight-piggyback) (eglot--highlight-piggyback cb))
    t))

;;;; Buffers gloss manages

(defun gloss--managed ()
  "Set up or tear down a buffer eglot starts or stops managing."
  (if (and (bound-and-true-p eglot--managed-mode) (gloss--server))
      (progn
        ;; An eglot with semantic tokens of its own would paint over these faces.
        (dolist (mode '(eglot-semantic-tokens-mode eglot-semantic-token-mode))
          (when (fboundp mode) (funcall mode -1)))
        (setq-local eldoc-documentation-functions
                    (cons #'gloss-hover-eldoc-function
                          (remq 'eglot-hover-eldoc-function eldoc-documentation-functions)))
        ;; The echo area shows one line: the card's first (name · kind · title).
        (setq-local eldoc-echo-area-use-multiline-p nil)
        (add-hook 'after-change-functions #'gloss--after-change nil t)
        (gloss--schedule-refresh 0))
    (remove-hook 'after-change-functions #'gloss--after-change t)
    (remove-overlays (point-min) (point-max) 'gloss t)))

(add-hook 'eglot-managed-mode-hook #'gloss--managed)

(provide 'gloss)
;;; gloss.el ends here
