// The tablet's own authenticator (fingerprint, face or screen lock) as an unlock secret: WebAuthn with
// the `prf` extension on a platform authenticator (passkeys in Chrome on Android, Safari on iPadOS
// 18+, Windows Hello where Chrome supports PRF).
//
// Main decision: no server round trip. The point is the PRF output — a secret the authenticator
// computes from its own key and our salt, only after it has verified the worker itself (biometric
// or the device's PIN, rate-limited by its secure hardware) — not proving anything to the server,
// and unlocking must work with no connection. So the challenge is random, made here, and no
// assertion is ever sent or checked; the relying party is this site's own host (the default).

import { randomBytes } from "./crypto.js";

const RP_NAME = "SofS Direct";

// Whether this browser has a user-verifying platform authenticator at all. Whether it supports PRF
// is only known once a credential is made (enrol). `scope`: the window, or a stand-in (features.js).
export async function platformAuthenticatorAvailable(scope = window) {
  try {
    return Boolean(scope.PublicKeyCredential
      && await scope.PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable());
  } catch (_unavailable) {
    return false;
  }
}

// Make a credential on this tablet's authenticator and take its first PRF output. Returns
// { slot: {credential_id, prf_salt}, secret } or null when the authenticator has no PRF or the
// worker did not confirm (they can still use a passcode, where the service allows one).
export async function enrol(deviceName) {
  let credential;
  try {
    credential = await navigator.credentials.create({
      publicKey: {
        rp: { name: RP_NAME },
        user: { id: randomBytes(16), name: deviceName, displayName: `${RP_NAME}: ${deviceName}` },
        challenge: randomBytes(32),
        pubKeyCredParams: [{ type: "public-key", alg: -7 }, { type: "public-key", alg: -257 }],
        authenticatorSelection: { authenticatorAttachment: "platform", userVerification: "required", residentKey: "preferred" },
        extensions: { prf: {} },
      },
    });
  } catch (_refused) {
    return null;
  }
  if (!credential || !credential.getClientExtensionResults().prf?.enabled) return null;
  const slot = { credential_id: new Uint8Array(credential.rawId), prf_salt: randomBytes(32) };
  const secret = await prfOutput(slot);
  return secret ? { slot, secret } : null;
}

// The PRF output for a slot (32 bytes), after the authenticator has verified the worker; null if it
// did not (cancelled, timed out, not recognised).
export async function prfOutput(slot) {
  try {
    const assertion = await navigator.credentials.get({
      publicKey: {
        challenge: randomBytes(32),
        allowCredentials: [{ type: "public-key", id: slot.credential_id }],
        userVerification: "required",
        extensions: { prf: { eval: { first: slot.prf_salt } } },
      },
    });
    const first = assertion?.getClientExtensionResults().prf?.results?.first;
    return first ? new Uint8Array(first) : null;
  } catch (_refused) {
    return null;
  }
}
