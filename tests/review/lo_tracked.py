"""Run by LibreOffice's Python (python3 with `uno`): DOCX files → LibreOffice's own Accept All and Reject All, saved as DOCX.

    /usr/bin/python3 lo_tracked.py PROFILE_DIR OUT_DIR FILE.docx…

For each FILE writes OUT_DIR/NAME-accepted.docx and OUT_DIR/NAME-rejected.docx, as a user
would get with Edit → Track Changes → Accept All / Reject All and File → Save in LibreOffice.
One soffice process serves every file (starting it is the slow part).
"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(profile, out, files):
    pipe = f"authoring_lo_{os.getpid()}"
    office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                               "--invisible", "--norestore", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(240):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice did not start")
        smgr = context.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for path in files:
            stem = os.path.splitext(os.path.basename(path))[0]
            for command, suffix in (("AcceptAllTrackedChanges", "accepted"),
                                    ("RejectAllTrackedChanges", "rejected")):
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)),
                                                   "_blank", 0, (_prop("Hidden", True),))
                frame = doc.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, f".uno:{command}", "", 0, ())
                target = os.path.abspath(os.path.join(out, f"{stem}-{suffix}.docx"))
                doc.storeToURL(uno.systemPathToFileUrl(target),
                               (_prop("FilterName", "MS Word 2007 XML"),))
                doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge closes as the office quits
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
