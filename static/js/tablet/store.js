// The tablet's local store: one IndexedDB database with versioned upgrades.
//
// Main decision: upgrades are a list of steps, one per schema version, each only *adding* to what
// the previous versions made — a new app version must never lose a queued item (docs/sync.md).
// Object stores:
//   meta      key "device": this tablet's registration, PIN salt, wrapped check, failed attempts;
//             key "sync": last successful sync time (no child data)
//   children  carried children, encrypted with the local key; only a random key and the expiry in clear
//   drafts    artefacts being captured, encrypted with the local key; only the id in clear
//   outbox    sealed artefacts waiting for a receipt (sealed to the server, not to the local key); in
//             clear only the id, device, sequence number and sealed bytes (docs/sync.md)
//   receipts  only notes of work the server kept for review: id, status, server time, kind sealed

export const DATABASE_NAME = "sofs-direct";

export const UPGRADES = [
  // version 1
  (db) => {
    db.createObjectStore("meta");
    db.createObjectStore("children", { keyPath: "id" });
    db.createObjectStore("drafts", { keyPath: "id" });
    db.createObjectStore("outbox", { keyPath: "id" });
  },
  // version 2: the sender takes the oldest item first, and the practitioner sees what was sent.
  (db, transaction) => {
    transaction.objectStore("outbox").createIndex("by_queued_at", "queued_at");
    db.createObjectStore("receipts", { keyPath: "id" });
  },
];

export const VERSION = UPGRADES.length;

export function openStore(version = VERSION) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE_NAME, version);
    request.onupgradeneeded = (event) => {
      for (let step = event.oldVersion; step < version; step += 1) {
        UPGRADES[step](request.result, request.transaction);
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab opened a newer version: let it upgrade, and reload onto the new code.
      db.onversionchange = () => { db.close(); };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error("blocked"));
  });
}

function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Run `work(stores)` in one transaction over `names`; resolves when the transaction has committed.
export function transact(db, names, mode, work, options = {}) {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(names, mode, options);
    const stores = Object.fromEntries(names.map((name) => [name, transaction.objectStore(name)]));
    let result;
    Promise.resolve(work(stores, transaction)).then((value) => { result = value; }, (error) => {
      try { transaction.abort(); } catch (_ignored) { /* already finished */ }
      reject(error);
    });
    transaction.oncomplete = () => resolve(result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error || new Error("aborted"));
  });
}

export const get = (store, key) => promisify(store.get(key));
export const getAll = (store) => promisify(store.getAll());
export const put = (store, value, key) => promisify(key === undefined ? store.put(value) : store.put(value, key));
export const remove = (store, key) => promisify(store.delete(key));
export const count = (store) => promisify(store.count());
export const clear = (store) => promisify(store.clear());
