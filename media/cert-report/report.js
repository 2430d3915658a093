// Certificate report webview: the only script, loaded by nonce. It sends two kinds of
// messages, both without data; the extension host validates them before acting.
(function () {
  const vscode = acquireVsCodeApi();
  for (const button of document.querySelectorAll('button[data-action]')) {
    button.addEventListener('click', () => {
      const action = button.getAttribute('data-action');
      if (action === 'copyJson' || action === 'generateSubCaScript') vscode.postMessage({ type: action });
    });
  }
})();
