"""In-kernel guard: graded tests run on a pristine kernel, or are reported as neutralised.

Loaded by :mod:`crmkit.grading.kernel_boot` *before* any student code, it
snapshots what student code could tamper with and installs a Python audit
hook (PEP 578: it cannot be removed once added). The hook watches ``compile``
and ``exec`` events:

1. When the source of a graded test cell is compiled (the grader gives the
   hook the SHA-256 of every graded test cell source, taken from the
   gradebook), the hook **resets** the kernel: IPython AST and input
   transformers, event callbacks, custom exception handler, display and
   exception hooks, ``sys.settrace``/``setprofile``, ``sys.meta_path`` and
   ``sys.path``, builtins, ``sys.modules`` entries and module/function/class
   state of ``crmkit``, ``math``, ``operator``, numpy and pandas, and the
   class and instance attributes of the shell, the kernel, its session and
   output streams. User-namespace names that shadow a builtin with another
   callable (``abs = lambda x: 0``) are removed.
2. At that moment it walks the call stack: every frame must come from
   read-only trusted code (the Python installation, the venv, crmkit). A
   student function in the chain (a replaced ``run_cell``, a wrapper, a hook)
   marks the test as tampered.
3. Every later ``compile`` under the cell's file name must be the test's own
   unmodified AST (no try/except wrapper, no rewritten assert).
4. When the test code starts executing (``exec`` event), the hook appends an
   acknowledgement ``<hash>:<n>:<hmac>`` to a file descriptor opened at boot.
   The HMAC key was read from a boot file that was deleted before any student
   code ran; it, the snapshots and the per-test state live only in the hook's
   closure (unreachable: audit hooks cannot be listed, gc introspection is
   refused). On every event the hook first repairs this module (its globals
   and its functions' code) and the builtins from private copies, and it uses
   C functions captured at boot for hashing and writing, so patching
   ``hmac``, ``hashlib``, ``os`` or this module does not reach it. The grader
   scores a graded test cell 0 ("tests neutralisés")
   unless a fresh valid acknowledgement for that cell came back.

The hook also refuses ``sys.settrace``/``sys.setprofile``, new audit hooks and
``gc.get_objects``/``get_referrers``/``get_referents`` (the usual ways to reach
the key or to alter running frames).

Residual risks (see docs/sandbox.md): a student object whose dunder methods
lie (``__eq__`` always true) defeats an assert that trusts it; a background
thread may re-patch the kernel between the reset and the report of the
test's error; ctypes can rewrite memory. None of these can read the
solutions, touch the gradebook or other students: that is the sandbox's job.

Example (pure helpers; the hook itself only runs inside a grading kernel):

>>> source_hash("assert x == 1\\n") == source_hash("assert x == 1")
True
>>> len(ack_line(b"k", "ab", 1).split(":"))
3
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import hmac
import os
import sys

__all__ = ["source_hash", "ack_line", "arm", "attach"]

_PCF_ONLY_AST = ast.PyCF_ONLY_AST


def source_hash(source: str | bytes) -> str:
    """SHA-256 of a cell source, ignoring trailing white space."""
    if isinstance(source, bytes):
        source = source.decode("utf-8", "replace")
    return hashlib.sha256(source.rstrip().encode("utf-8")).hexdigest()


def ack_line(key: bytes, digest: str, n: int) -> str:
    """The acknowledgement the hook writes when test *digest* starts (n-th ack)."""
    mac = hmac.new(key, f"{digest}:{n}".encode(), hashlib.sha256).hexdigest()
    return f"{digest}:{n}:{mac}"


_MISSING = object()
_DESCRIPTORS = (classmethod, staticmethod, property)
# Shell/kernel components restored even though they are not callables.
_COMPONENTS = (
    "display_pub",
    "displayhook",
    "display_trap",
    "compile",
    "events",
    "hooks",
    "input_transformer_manager",
    "InteractiveTB",
    "SyntaxTB",
    "builtin_trap",
    "user_module",
    "session",
    "iopub_socket",
    "iopub_thread",
    "shell",
    "kernel",
    "shell_stream",
    "control_stream",
    "shell_streams",
)
_HANDLER_DICTS = ("shell_handlers", "control_handlers")


def _is_code(value) -> bool:
    return callable(value) or isinstance(value, _DESCRIPTORS)


def _snapshot(obj) -> dict:
    saved = {"dict": dict(getattr(obj, "__dict__", {}) or {})}
    traits = saved["dict"].get("_trait_values")
    if isinstance(traits, dict):
        saved["traits"] = dict(traits)
    for name in _HANDLER_DICTS:
        value = saved["dict"].get(name)
        if isinstance(value, dict):
            saved[name] = dict(value)
    return saved


def _restore_mapping(obj, current: dict, saved: dict, mode: str) -> None:
    """Restore *current* (a __dict__ or _trait_values) from *saved*.

    mode "module": every saved value; "object": code and known components
    only (other state, e.g. parent headers, legitimately changes);
    "class": code and descriptors only. Added code is dropped in all modes.
    """
    is_class = isinstance(obj, type)
    for key in list(current):
        if key in saved or not _is_code(current[key]) or isinstance(current[key], type):
            continue
        # an added instance attribute matters when it shadows a class attribute
        # (a monkeypatched method); an added class attribute always does
        if is_class or mode == "module" or hasattr(type(obj), key):
            try:
                if is_class:
                    type.__delattr__(obj, key)
                else:
                    del current[key]
            except (AttributeError, TypeError, KeyError):
                pass
    for key, value in saved.items():
        if key in ("__dict__", "__weakref__") or current.get(key, _MISSING) is value:
            continue
        if mode != "module" and not (_is_code(value) or key in _COMPONENTS):
            continue
        try:
            if is_class:
                type.__setattr__(obj, key, value)
            else:
                current[key] = value
        except (AttributeError, TypeError):
            pass


def _restore(obj, saved: dict, mode: str) -> None:
    current = getattr(obj, "__dict__", None)
    if current is None:
        return
    _restore_mapping(obj, current, saved["dict"], mode)
    traits = current.get("_trait_values")
    if "traits" in saved and isinstance(traits, dict):
        _restore_mapping(obj, traits, saved["traits"], mode)
    for name in _HANDLER_DICTS:
        if name in saved and isinstance(current.get(name), dict):
            current[name].clear()
            current[name].update(saved[name])


class _Snap:
    """Everything captured before student code runs (held by the hook's closure)."""

    def __init__(self) -> None:
        self.modules: dict = {}
        self.objects: list = []
        self.classes: list = []
        self.functions: list = []
        self.builtins: dict = {}
        self.sys: dict = {}
        self.shell = None
        self.shell_extra: dict = {}


_ATTACH: list = []  # filled by arm(): the closure's attach function


def _snapshot_module(snap: _Snap, name: str) -> None:
    mod = sys.modules.get(name)
    if mod is None:
        return
    snap.modules[name] = (mod, _snapshot(mod))
    prefix = name + "."
    for value in list(vars(mod).values()):
        owner = getattr(value, "__module__", None)
        if not isinstance(owner, str) or not (owner == name or owner.startswith(prefix)):
            continue
        if isinstance(value, type):
            snap.classes.append((value, _snapshot(value)))
        elif hasattr(value, "__code__"):
            snap.functions.append(
                (
                    value,
                    value.__code__,
                    value.__defaults__,
                    value.__kwdefaults__,
                    dict(getattr(value, "__dict__", {})),
                )
            )


def _preload(names) -> None:
    import importlib
    import pkgutil

    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a missing optional module is fine
            pass
    try:
        pkg = importlib.import_module("crmkit.exercices")
        for info in pkgutil.iter_modules(pkg.__path__, "crmkit.exercices."):
            try:
                importlib.import_module(info.name)
            except Exception:  # noqa: BLE001
                pass
    except Exception:  # noqa: BLE001
        pass


_GUARDED_MODULES = (
    "math",
    "operator",
    "ast",
    "numpy",
    "numpy.testing",
    "pandas",
    "pandas.testing",
)


def _take_snapshot(snap: _Snap) -> None:
    for name in list(sys.modules):
        if name == "crmkit" or name.startswith("crmkit.") or name in _GUARDED_MODULES:
            if name != __name__:
                _snapshot_module(snap, name)
    snap.builtins = dict(vars(builtins))
    snap.sys = {
        "meta_path": list(sys.meta_path),
        "path_hooks": list(sys.path_hooks),
        "path": list(sys.path),
    }


def _attach_snapshot(snap: _Snap, shell, kernel) -> None:
    seen = set()
    objs = [
        shell,
        kernel,
        getattr(kernel, "session", None),
        getattr(shell, "display_pub", None),
        getattr(shell, "displayhook", None),
        getattr(shell, "compile", None),
        getattr(shell, "events", None),
        getattr(shell, "input_transformer_manager", None),
        getattr(shell, "InteractiveTB", None),
        getattr(kernel, "iopub_socket", None),
        getattr(kernel, "iopub_thread", None),
        sys.stdout,
        sys.stderr,
    ]
    for obj in objs:
        if obj is None or id(obj) in seen:
            continue
        seen.add(id(obj))
        snap.objects.append((obj, _snapshot(obj)))
        for cls in type(obj).__mro__:
            if cls is object or id(cls) in seen:
                continue
            seen.add(id(cls))
            snap.classes.append((cls, _snapshot(cls)))
    for key in ("stdout", "stderr", "displayhook", "excepthook", "breakpointhook"):
        snap.sys[key] = getattr(sys, key)
    itm = shell.input_transformer_manager
    snap.shell = shell
    snap.shell_extra = {
        "ast_transformers": list(shell.ast_transformers),
        "input_transformers_post": list(shell.input_transformers_post),
        "cleanup_transforms": list(itm.cleanup_transforms),
        "line_transforms": list(itm.line_transforms),
        "token_transformers": list(itm.token_transformers),
        "callbacks": {k: list(v) for k, v in shell.events.callbacks.items()},
    }


def _reset(snap: _Snap) -> None:
    """Restore everything in *snap* (called by the hook only)."""
    import threading

    sys.settrace(None)
    sys.setprofile(None)
    threading.settrace(None)
    threading.setprofile(None)
    for key, value in snap.sys.items():
        if key in ("meta_path", "path_hooks", "path"):
            getattr(sys, key)[:] = value
        else:
            setattr(sys, key, value)
    for name, (mod, saved) in snap.modules.items():
        sys.modules[name] = mod
        _restore(mod, saved, "module")
    for func, code, defaults, kwdefaults, fdict in snap.functions:
        try:
            func.__code__ = code
            func.__defaults__ = defaults
            func.__kwdefaults__ = kwdefaults
            func.__dict__.clear()
            func.__dict__.update(fdict)
        except (AttributeError, TypeError, ValueError):
            pass
    for cls, saved in snap.classes:
        _restore(cls, saved, "class")
    for obj, saved in snap.objects:
        _restore(obj, saved, "object")
    shell = snap.shell
    if shell is None:
        return
    extra = snap.shell_extra
    shell.ast_transformers[:] = extra["ast_transformers"]
    shell.input_transformers_post[:] = extra["input_transformers_post"]
    itm = shell.input_transformer_manager
    itm.cleanup_transforms[:] = extra["cleanup_transforms"]
    itm.line_transforms[:] = extra["line_transforms"]
    itm.token_transformers[:] = extra["token_transformers"]
    shell.events.callbacks.clear()
    shell.events.callbacks.update({k: list(v) for k, v in extra["callbacks"].items()})
    vars(shell)["custom_exceptions"] = ()
    ns = shell.user_ns
    for name in list(ns):
        if name in snap.builtins and callable(ns[name]) and ns[name] is not snap.builtins[name]:
            del ns[name]


def _nodes(tree) -> list[str]:
    body = getattr(tree, "body", None)
    if isinstance(body, list):
        return [ast.dump(node) for node in body]
    return [ast.dump(tree)]


def arm(config: dict) -> None:
    """Snapshot modules and install the audit hook (once, at boot, before student code)."""
    key = bytes.fromhex(config["key"])
    hashes = frozenset(config.get("test_hashes", ()))
    ack_fd = config["ack_fd"]
    trusted = tuple(os.path.realpath(p) + os.sep for p in config["trusted"]) + ("<frozen ",)
    _preload(config.get("preload", ()))
    snap = _Snap()
    _take_snapshot(snap)
    # private copies used to repair this module and the builtins on every event
    me = sys.modules[__name__]
    my_dict = vars(me)
    my_saved = dict(my_dict)
    my_funcs = [
        (f, f.__code__, f.__defaults__, f.__kwdefaults__)
        for f in my_saved.values()
        if callable(f) and getattr(f, "__module__", None) == __name__ and hasattr(f, "__code__")
    ]
    b_dict = vars(builtins)
    b_saved = dict(b_dict)
    sha256, write, getframe, compile_ = hashlib.sha256, os.write, sys._getframe, builtins.compile
    inner = bytes(x ^ 0x36 for x in key.ljust(64, b"\0"))
    outer = bytes(x ^ 0x5C for x in key.ljust(64, b"\0"))
    st = {"busy": False, "strict": False, "acks": 0, "current": None}

    def mac(text: str) -> str:  # HMAC-SHA256 from captured C functions only
        return sha256(outer + sha256(inner + text.encode()).digest()).hexdigest()

    def repair() -> None:
        for k, v in my_saved.items():
            if my_dict.get(k, _MISSING) is not v:
                my_dict[k] = v
        for f, code, defaults, kwdefaults in my_funcs:
            f.__code__, f.__defaults__, f.__kwdefaults__ = code, defaults, kwdefaults
        for k, v in b_saved.items():
            if k not in ("input", "raw_input") and b_dict.get(k, _MISSING) is not v:
                b_dict[k] = v

    def trusted_stack(frame) -> bool:
        while frame is not None:
            if not frame.f_code.co_filename.startswith(trusted):
                return False
            frame = frame.f_back
        return True

    def on_compile(args) -> None:
        source = args[0] if args else None
        filename = args[1] if len(args) > 1 else None
        cur = st["current"]
        if isinstance(source, (str, bytes)):
            text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
            digest = sha256(text.rstrip().encode("utf-8")).hexdigest()
            if digest in hashes:
                repair()
                _reset(snap)
                try:
                    expected = _nodes(compile_(text, "<test>", "exec", _PCF_ONLY_AST))
                except SyntaxError:
                    expected = []
                st["current"] = {
                    "digest": digest,
                    "filename": filename,
                    "expected": expected,
                    "tampered": not trusted_stack(getframe(2)),
                    "acked": False,
                    "checked": False,
                }
            elif cur and cur["acked"]:
                st["current"] = None  # the test has started: later compiles are its own
            elif cur and filename == cur["filename"]:
                cur["tampered"] = True  # other text compiled under the test's name
            return
        # AST compile (the audit event gives no file name for ASTs): between
        # the test's parse and its execution only the test's own nodes may be
        # compiled, by trusted code.
        if cur and not cur["acked"]:
            repair()
            if not trusted_stack(getframe(2)) or not isinstance(source, ast.AST):
                cur["tampered"] = True
            else:
                for node in _nodes(source):
                    if node not in cur["expected"]:
                        cur["tampered"] = True
            cur["checked"] = True

    def on_exec(args) -> None:
        cur = st["current"]
        code = args[0] if args else None
        if cur and not cur["acked"] and getattr(code, "co_filename", None) == cur["filename"]:
            cur["acked"] = True
            if not cur["tampered"] and cur["checked"]:
                st["acks"] += 1
                text = f"{cur['digest']}:{st['acks']}"
                write(ack_fd, f"{text}:{mac(text)}\n".encode())

    def hook(event: str, args: tuple) -> None:
        if st["busy"]:
            return
        if st["strict"] and (
            event in ("sys.settrace", "sys.setprofile", "sys.addaudithook")
            or event.startswith("gc.get_")
        ):
            raise RuntimeError(
                f"{event} est désactivé pendant la correction automatique (code refusé)."
            )
        if event not in ("compile", "exec"):
            return
        st["busy"] = True
        try:
            (on_compile if event == "compile" else on_exec)(args)
        finally:
            st["busy"] = False

    def attach_(shell, kernel) -> None:
        _attach_snapshot(snap, shell, kernel)
        st["strict"] = True

    _ATTACH[:] = [attach_]
    sys.addaudithook(hook)


def attach(shell, kernel) -> None:
    """Snapshot the IPython shell and kernel once they exist (before student code)."""
    fn = _ATTACH.pop()
    fn(shell, kernel)
