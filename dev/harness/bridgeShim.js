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

  function navigate(url, newTab) {
    var target = new URL(url, window.top.location.href);
    if (newTab) window.open(target.href, '_blank', 'noopener');
    else window.top.location.assign(target.href);
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
        return res.json();
      }
      case 'navigate':
        return navigate(payload.url || payload.target || '/', payload.type === 'new-tab');
      case 'open':
        return navigate(typeof payload === 'string' ? payload : payload.url, false);
      case 'reload':
        return window.location.reload();
      case 'submit': {
        // A dashboard gadget's edit view saves its configuration; Jira then shows the view mode.
        var saved = await fetch('/harness/gadget', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ localId: context.localId, config: payload }),
        });
        if (!saved.ok) throw new Error('The harness could not save the gadget configuration.');
        window.top.location.assign('/dashboard');
        return undefined;
      }
      case 'getUrl':
        return new URL(typeof payload === 'string' ? payload : payload.url || '/', window.top.location.href);
      default:
        return undefined;
    }
  }

  window.__bridge = { callBridge: callBridge };

  // Jira sizes a Custom UI iframe to its content; the harness page listens for this.
  function report() {
    window.parent.postMessage({ refineryHeight: document.documentElement.scrollHeight }, '*');
  }
  window.addEventListener('load', function () {
    report();
    if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
  });
})();
