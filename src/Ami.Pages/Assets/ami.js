// Comfort only: the forms work without it. "Ajouter un partenaire" / "Ajouter une ligne" copy the last row.
document.querySelectorAll('[data-ajouter]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () {
    var list = document.getElementById(button.getAttribute('data-ajouter'));
    var rows = list.querySelectorAll('.ligne');
    var last = rows[rows.length - 1];
    var copy = last.cloneNode(true);
    var n = rows.length;
    copy.querySelectorAll('[id],[name],[for],[aria-describedby]').forEach(function (el) {
      ['id', 'name', 'for', 'aria-describedby'].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v) { el.setAttribute(a, v.replace(/\[\d+\]|-\d+(?=-|$)/g, function (m) { return m[0] === '[' ? '[' + n + ']' : '-' + n; })); }
      });
      if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') { el.value = ''; el.removeAttribute('aria-invalid'); }
    });
    copy.querySelectorAll('.erreur').forEach(function (e) { e.remove(); });
    copy.classList.remove('en-erreur');
    var legend = copy.querySelector('legend');
    if (legend) { legend.textContent = legend.textContent.replace(/\d+/, String(n + 1)); }
    list.appendChild(copy);
    var first = copy.querySelector('input, select, textarea');
    if (first) { first.focus(); }
  });
});
