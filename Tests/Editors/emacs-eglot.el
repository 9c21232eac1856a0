;;; emacs-eglot.el --- headless Emacs test of Gloss through eglot  -*- lexical-binding: t; -*-
;; Loads the shipped editors/emacs/gloss.el, opens both seeds, checks the
;; entity overlays, hover (plain text, one-line echo), a correction through
;; eglot's code-action menu (and its highlight in the other open seed) and
;; go-to-definition, as eglot performs them.  Run by scripts/editor-tests.sh.

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

(defvar gloss-test-ensured nil "Files gloss.el asked eglot to manage.")
(advice-add 'eglot-ensure :before (lambda (&rest _) (push buffer-file-name gloss-test-ensured)))

(defun gloss-test-wait (seconds predicate)
  "Run timers and process output until PREDICATE holds or SECONDS pass."
  (let ((deadline (+ (float-time) seconds)) (ok nil))
    (while (and (not (setq ok (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    ok))

(defun gloss-test-kind-at (buffer needle)
  "The kind face of the Gloss overlay covering the first NEEDLE in BUFFER, or nil."
  (with-current-buffer buffer
    (save-excursion
      (goto-char (point-min))
      (when (search-forward needle nil t)
        (let ((beg (match-beginning 0)) (end (match-end 0)))
          (cl-loop for ov in (overlays-at beg)
                   when (and (overlay-get ov 'gloss)
                             (= (overlay-start ov) beg) (= (overlay-end ov) end))
                   return (car (last (overlay-get ov 'face)))))))))

(let* ((workspace (getenv "GLOSS_WORKSPACE"))
       (other (find-file (expand-file-name "seeds/000_133120142ad60250.txt" workspace)))
       (seed (find-file (expand-file-name "seeds/001_dbe25a89b6a06857.txt" workspace))))
  (unless (eglot-current-server)
    (apply #'eglot (eglot--guess-contact)))
  (let ((server (eglot-current-server)))
    (cond
     ((not server) (gloss-test-fail "eglot did not connect to gloss"))
     ((not (gloss-test-wait 5 (lambda () (buffer-local-value 'eglot--managed-mode other))))
      (gloss-test-fail "eglot does not manage the other open seed"))
     (t
      (unless (equal (expand-file-name (project-root (eglot--project server))) (file-name-as-directory workspace))
        (gloss-test-fail "the root is %s, not the workspace" (project-root (eglot--project server))))
      ;; Painted: "Ngo Xuan Lich" carries gloss-person-face.
      (unless (gloss-test-wait 10 (lambda () (eq (gloss-test-kind-at seed "Ngo Xuan Lich") 'gloss-person-face)))
        (gloss-test-fail "'Ngo Xuan Lich' has no gloss-person-face overlay (%S)" (gloss-test-kind-at seed "Ngo Xuan Lich")))
      (let ((before (gloss-test-kind-at other "comprehensive partnership")))
        (when before (gloss-test-fail "seed 000's 'comprehensive partnership' is painted before any correction: %S" before)))
      ;; Hover on "Lich" in "General Lich" through gloss.el's eldoc function;
      ;; the corpus is indexed in the background.
      (goto-char (point-min))
      (search-forward "General Lich")
      (backward-char 2)
      (let ((card "") (echo nil) (deadline (+ (float-time) 15)))
        (while (and (< (float-time) deadline) (not (string-match-p "in 2 documents" card)))
          (let ((answer nil))
            (gloss-hover-eldoc-function (lambda (doc &rest plist) (setq answer (cons (or doc "") plist))))
            (gloss-test-wait 5 (lambda () answer))
            (setq card (or (car answer) "") echo (plist-get (cdr answer) :echo)))
          (unless (string-match-p "in 2 documents" card) (sleep-for 0.2)))
        (unless (string-match-p "Ngo Xuan Lich" card) (gloss-test-fail "hover does not name Ngo Xuan Lich: %s" card))
        (unless (string-match-p "Defen[cs]e Minister" card) (gloss-test-fail "hover gives no title: %s" card))
        (unless (fboundp 'gfm-view-mode)
          (when (string-match-p "\\*\\*" card) (gloss-test-fail "without markdown-mode the card is raw Markdown: %s" card)))
        (unless (and (stringp echo) (string-prefix-p "Ngo Xuan Lich" echo) (not (string-match-p "\n" echo)))
          (gloss-test-fail "the echo-area summary is not one line naming Ngo Xuan Lich: %S" echo)))
      ;; A correction through eglot's code-action menu: select a phrase, pick "Annotate as DOC".
      (goto-char (point-min))
      (search-forward "comprehensive partnership")
      (let* ((end (point))
             (start (- end (length "comprehensive partnership")))
             (offered nil))
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt items &rest _)
                     (setq offered (mapcar #'car items))
                     (if (assoc "Annotate as DOC" items) "Annotate as DOC" ""))))
          (let ((last-nonmenu-event ?a))
            (eglot-code-actions start end nil t)))
        (if (not (member "Annotate as DOC" offered))
            (gloss-test-fail "the code-action menu had no 'Annotate as DOC': %S" offered)
          (let ((log (expand-file-name "annotations/corrections.jsonl" workspace)))
            (if (not (file-exists-p log))
                (gloss-test-fail "annotations/corrections.jsonl was not written")
              (with-temp-buffer
                (insert-file-contents log)
                (unless (string-match-p "\"action\":\"annotate\"" (buffer-string))
                  (gloss-test-fail "the correction is not in the log: %s" (buffer-string))))))
          ;; The server asks for a refresh; the other open seed repaints the phrase as DOC.
          (unless (gloss-test-wait 5 (lambda () (eq (gloss-test-kind-at other "comprehensive partnership") 'gloss-doc-face)))
            (gloss-test-fail "after 'Annotate as DOC', seed 000's 'comprehensive partnership' is not gloss-doc-face (%S)"
                             (gloss-test-kind-at other "comprehensive partnership")))
          (unless (gloss-test-wait 5 (lambda () (eq (gloss-test-kind-at seed "comprehensive partnership") 'gloss-doc-face)))
            (gloss-test-fail "after 'Annotate as DOC', the annotated phrase is not gloss-doc-face"))))
      ;; An edit repaints: a new first line naming Ngo Xuan Lich is highlighted.
      (goto-char (point-min))
      (insert "Ngo Xuan Lich spoke first.\n")
      (unless (gloss-test-wait 5 (lambda () (eq (gloss-test-kind-at seed "Ngo Xuan Lich") 'gloss-person-face)))
        (gloss-test-fail "after an edit, the new line's 'Ngo Xuan Lich' is not highlighted"))
      (delete-region (point-min) (progn (goto-char (point-min)) (forward-line 1) (point)))
      (set-buffer-modified-p nil)
      ;; Batch Emacs runs no idle timers: let gloss.el's refresh send the change.
      (gloss-test-wait 3 (lambda () (null eglot--recent-changes)))
      ;; Go to definition on "Esper": eglot's xref jumps to seed 000.
      (goto-char (point-min))
      (search-forward "Mark Esper")
      (backward-char 2)
      (xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend)))
      (unless (string-match-p "000_133120142ad60250" (or buffer-file-name ""))
        (gloss-test-fail "definition did not open seed 000 (in %s)" buffer-file-name))
      (unless (looking-at "Mark Esper")
        (gloss-test-fail "definition landed on %S" (buffer-substring (point) (min (point-max) (+ (point) 12)))))))))

;; A folder without annotations/ (and no version control): gloss.el still
;; starts eglot, rooted at the file's folder.
(let* ((bare (make-temp-file "gloss-bare" t))
       (file (expand-file-name "note.txt" bare)))
  (write-region "General Lich met Mark Esper in Hanoi.\n" nil file)
  (with-current-buffer (find-file-noselect file)
    (unless (member file gloss-test-ensured)
      (gloss-test-fail "gloss.el did not start eglot for a .txt file outside any annotations/ folder"))
    (let ((root (eglot--current-project)))
      (unless (equal (and root (expand-file-name (project-root root))) (file-name-as-directory bare))
        (gloss-test-fail "without annotations/ the root is %S, not the file's folder" root))))
  (delete-directory bare t))

(if gloss-test-failures
    (progn
      (dolist (f (reverse gloss-test-failures)) (message "emacs: %s" f))
      (princ "emacs: 0 passed, 1 failed\n")
      (kill-emacs 1))
  (princ "emacs: 1 passed, 0 failed\n")
  (kill-emacs 0))
