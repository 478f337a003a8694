/*
 * Local stand-in for the host side of @forge/bridge. In Jira, the Custom UI iframe talks to the
 * host through window.__bridge.callBridge(name, payload); here the same calls go to the harness
 * server, which runs the real resolver definitions against the Jira emulator. Loaded before the
 * app bundle, so the bundle is byte-for-byte the one deployed to Forge.
 */
(function () {
  var params = new URLSearchParams(window.location.search);
  var context = JSON.parse(params.get('context') || '{}');
  var accountId = params.get('accountId') || '';

  // The host page's URL; readable because the frame is same-origin with allow-same-origin, as in Jira.
  function hostHref() {
    return window.top.location.href;
  }

  // Forge sandboxes the Custom UI (its CSP's `sandbox` directive has no allow-top-navigation), so
  // the frame cannot move the host page itself: it asks the host, as the real bridge does.
  function navigateHost(href) {
    window.parent.postMessage({ refineryNavigate: href }, window.location.origin);
  }

  function navigate(url, newTab) {
    var target = new URL(url, hostHref());
    if (newTab) window.open(target.href, '_blank', 'noopener');
    else navigateHost(target.href);
  }

  async function callBridge(name, payload) {
    switch (name) {
      case 'getContext':
        return context;
      case 'invoke': {
        var res = await fetch('/harness/invoke', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ functionKey: payload.functionKey, payload: payload.payload, context: context, accountId: accountId }),
        });
        if (!res.ok) throw new Error('The harness could not run the resolver (HTTP ' + res.status + ').');
        // Marks for scripts/bench-ui.ts: the answer parsed here, before the app's own handling.
        var body = await res.json();
        window.performance.mark('bridge:invoke-parsed:' + payload.functionKey);
        return body;
      }
      case 'navigate':
        return navigate(payload.url || payload.target || '/', payload.type === 'new-tab');
      case 'open':
        return navigate(typeof payload === 'string' ? payload : payload.url, false);
      case 'reload':
        return window.location.reload();
      case 'submit': {
        // An Automation action's configuration form keeps its inputs in the rule builder (issue 19).
        if (context.extension && context.extension.type === 'action') {
          var kept = await fetch('/harness/action-config', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ action: context.moduleKey, inputs: payload }),
          });
          if (!kept.ok) throw new Error('The harness could not keep the action configuration.');
          return undefined;
        }
        // A dashboard gadget's edit view saves its configuration; Jira then shows the view mode.
        var saved = await fetch('/harness/gadget', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ localId: context.localId, config: payload }),
        });
        if (!saved.ok) throw new Error('The harness could not save the gadget configuration.');
        navigateHost(new URL('/dashboard', hostHref()).href);
        return undefined;
      }
      case 'getUrl':
        return new URL(typeof payload === 'string' ? payload : payload.url || '/', hostHref());
      default:
        return undefined;
    }
  }

  window.__bridge = { callBridge: callBridge };

  // Jira sizes a Custom UI iframe to its content; the harness page listens for this. The document's
  // own height follows the frame's (css-reset gives html and body height: 100%), so measuring it
  // made every resize feed the next; the bottom of the body's in-flow children does not. Portals
  // (tooltips, popups) are fixed or absolute and stay out of the measure.
  var reported = -1;
  function contentHeight() {
    var bottom = 0;
    for (var el = document.body.firstElementChild; el; el = el.nextElementSibling) {
      var style = window.getComputedStyle(el);
      if (style.position === 'fixed' || style.position === 'absolute' || style.display === 'none') continue;
      bottom = Math.max(bottom, el.getBoundingClientRect().bottom + parseFloat(style.marginBottom || '0'));
    }
    return Math.ceil(bottom + window.scrollY);
  }
  function report() {
    var height = contentHeight();
    if (height === reported) return;
    reported = height;
    window.parent.postMessage({ refineryHeight: height }, window.location.origin);
  }
  window.addEventListener('load', function () {
    report();
    if (!window.ResizeObserver) return;
    var sizes = new ResizeObserver(report);
    var watch = function () {
      for (var el = document.body.firstElementChild; el; el = el.nextElementSibling) sizes.observe(el);
      report();
    };
    watch();
    new window.MutationObserver(watch).observe(document.body, { childList: true });
  });
})();
