;;; emacs-eglot.el --- headless Emacs test of Gloss through eglot  -*- lexical-binding: t; -*-
;; Loads the shipped editors/emacs/gloss.el, opens a seed, checks hover,
;; go-to-definition and a correction code action as eglot performs them.
;; Run by scripts/editor-tests.sh.

(require 'cl-lib)
;; Batch Emacs does not activate installed packages (Debian's elpa-eglot) by itself.
(require 'package)
(package-initialize)
(defvar gloss-test-failures nil)
(defun gloss-test-fail (fmt &rest args)
  (push (apply #'format fmt args) gloss-test-failures))

(load (expand-file-name "editors/emacs/gloss.el" (getenv "GLOSS_REPO")))
(setq eglot-sync-connect 10
      eglot-connect-timeout 20)

(let ((workspace (getenv "GLOSS_WORKSPACE")))
  (find-file (expand-file-name "seeds/001_dbe25a89b6a06857.txt" workspace))
  (unless (eglot-current-server)
    (apply #'eglot (eglot--guess-contact)))
  (let ((server (eglot-current-server)))
    (if (not server)
        (gloss-test-fail "eglot did not connect to gloss")
      ;; Hover on "Lich" in "General Lich"; the corpus is indexed in the background.
      (goto-char (point-min))
      (search-forward "General Lich")
      (backward-char 2)
      (let ((text "") (deadline (+ (float-time) 15)))
        (while (and (< (float-time) deadline) (not (string-match-p "in 2 documents" text)))
          (let* ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
                 (contents (plist-get hover :contents)))
            (setq text (or (plist-get contents :value) "")))
          (unless (string-match-p "in 2 documents" text) (sleep-for 0.2)))
        (unless (string-match-p "Ngo Xuan Lich" text) (gloss-test-fail "hover does not name Ngo Xuan Lich: %s" text))
        (unless (string-match-p "Defen[cs]e Minister" text) (gloss-test-fail "hover gives no title: %s" text)))
      ;; A correction through a code action: select a phrase, take "Annotate as DOC".
      (goto-char (point-min))
      (search-forward "comprehensive partnership")
      (let* ((end (point))
             (start (- end (length "comprehensive partnership")))
             (actions (jsonrpc-request
                       server :textDocument/codeAction
                       (list :textDocument (eglot--TextDocumentIdentifier)
                             :range (list :start (eglot--pos-to-lsp-position start)
                                          :end (eglot--pos-to-lsp-position end))
                             :context (list :diagnostics []))))
             (annotate (cl-find-if (lambda (a) (equal (plist-get a :title) "Annotate as DOC")) actions)))
        (if (not annotate)
            (gloss-test-fail "no Annotate as DOC code action")
          (let ((command (plist-get annotate :command)))
            (eglot-execute-command server (plist-get command :command) (plist-get command :arguments)))
          (let ((log (expand-file-name "annotations/corrections.jsonl" workspace)))
            (if (not (file-exists-p log))
                (gloss-test-fail "annotations/corrections.jsonl was not written")
              (with-temp-buffer
                (insert-file-contents log)
                (unless (string-match-p "\"action\":\"annotate\"" (buffer-string))
                  (gloss-test-fail "the correction is not in the log: %s" (buffer-string))))))))
      ;; Go to definition on "Esper": eglot's xref jumps to seed 000.
      (goto-char (point-min))
      (search-forward "Mark Esper")
      (backward-char 2)
      (xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend)))
      (unless (string-match-p "000_133120142ad60250" (or buffer-file-name ""))
        (gloss-test-fail "definition did not open seed 000 (in %s)" buffer-file-name))
      (unless (looking-at "Mark Esper")
        (gloss-test-fail "definition landed on %S" (buffer-substring (point) (min (point-max) (+ (point) 12))))))))

(if gloss-test-failures
    (progn
      (dolist (f (reverse gloss-test-failures)) (message "emacs: %s" f))
      (princ "emacs: 0 passed, 1 failed\n")
      (kill-emacs 1))
  (princ "emacs: 1 passed, 0 failed\n")
  (kill-emacs 0))
