// Decorating marked numbers runs here, in one call per subtree, rather than as a dozen
// wasm->DOM calls per element from Rust: 10 000 marked rows are decorated several times faster
// (BENCHMARKS.md, figure 4). The rules are the ones documented in decorate.rs.
function decorateOne(el) {
  if (el.hasAttribute('data-gws-decorated')) return;
  el.setAttribute('data-gws-decorated', '');
  const tag = el.tagName.toLowerCase();
  const native = tag === 'button' || tag === 'input' || tag === 'select' || tag === 'textarea'
    || (tag === 'a' && el.hasAttribute('href'));
  if (!native) {
    if (!el.hasAttribute('role')) el.setAttribute('role', 'button');
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0');
  }
  if (!el.hasAttribute('aria-label')) {
    let label;
    if (el.hasAttribute('data-gws-outbound-record')) {
      label = `Dial preview record ${(el.textContent || '').trim()}`;
    } else {
      const marked = el.getAttribute('data-gws-dial');
      const number = marked && marked.trim() ? marked : (el.textContent || '');
      label = `Call ${number.trim()}`;
    }
    el.setAttribute('aria-label', label.trim());
  }
}

export function decorateSubtree(root, selector) {
  if (root.matches(selector)) decorateOne(root);
  for (const el of root.querySelectorAll(selector)) decorateOne(el);
}
