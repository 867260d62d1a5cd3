// Passkeys and security keys (allauth's webauthn.js): a key that does not
// answer, or a ceremony the person cancels, is said on the page, not only in
// the console (templates/mfa/webauthn/snippets/scripts.html holds the words).
document.addEventListener('allauth.error', function (event) {
  const said = document.querySelector('[data-signin-error]')
  if (!said) return
  event.preventDefault()
  said.hidden = false
  said.focus && said.setAttribute('tabindex', '-1')
})
