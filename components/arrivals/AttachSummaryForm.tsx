"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";

const MAX_BYTES = 5 * 1024 * 1024;

function typeOf(file: File): string | null {
  const name = file.name.toLowerCase();
  if (file.type === "application/pdf" || name.endsWith(".pdf")) return "application/pdf";
  if (file.type === "text/html" || name.endsWith(".html") || name.endsWith(".htm")) return "text/html";
  return null;
}

/** Attaches a 111 summary that came another way (e-mail, scanned letter) to this booking: a PDF or HTML file. */
export function AttachSummaryForm({ bookingId }: { bookingId: string }) {
  const router = useRouter();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const file = (form.elements.namedItem("summary-file") as HTMLInputElement).files?.[0];
    const how = (form.elements.namedItem("summary-how") as HTMLInputElement).value.trim();
    const type = file ? typeOf(file) : null;
    if (!file || !type) return setResult({ ok: false, message: "Choose the PDF or HTML file the 111 service sent" });
    if (file.size > MAX_BYTES) return setResult({ ok: false, message: "The file is too large (5 MB at most)" });
    if (!how) return setResult({ ok: false, message: "Say how the summary reached you" });
    setBusy(true);
    try {
      const res = await fetch(`/api/arrivals/${encodeURIComponent(bookingId)}/summaries`, {
        method: "POST",
        headers: { "Content-Type": type, "X-Summary-Filename": encodeURIComponent(file.name), "X-Summary-Received-How": encodeURIComponent(how) },
        body: file,
      });
      const body = (await res.json().catch(() => ({}))) as { message?: string; error?: string };
      setResult(res.ok ? { ok: true, message: body.message ?? "Attached." } : { ok: false, message: body.error ?? `The upload failed (${res.status})` });
      if (res.ok) {
        form.reset();
        router.refresh();
      }
    } catch {
      setResult({ ok: false, message: "The upload failed. Check your connection and try again." });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="mt-4 space-y-3 border-2 border-nhs-grey-3 p-4">
      <h3>Attach a summary received another way</h3>
      {result && (
        <p role={result.ok ? "status" : "alert"} className={`border-l-4 p-2 font-bold ${result.ok ? "border-nhs-green" : "border-nhs-red text-nhs-red"}`}>
          {result.ok ? "" : <span className="sr-only">Error: </span>}
          {result.message}
        </p>
      )}
      <div>
        <label htmlFor="summary-file" className="block font-bold">
          Summary file (PDF or HTML, 5 MB at most)
        </label>
        <p id="summary-file-hint" className="text-nhs-grey-1">
          Only for a summary about this patient, for this booking. Check the name, date of birth and NHS number on it first.
        </p>
        <input id="summary-file" name="summary-file" type="file" accept=".pdf,.html,.htm,application/pdf,text/html" aria-describedby="summary-file-hint" className="mt-1" />
      </div>
      <div>
        <label htmlFor="summary-how" className="block font-bold">
          How did it reach you?
        </label>
        <input id="summary-how" name="summary-how" maxLength={300} placeholder="For example: e-mailed by NHS 111 to the ED inbox" className="block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5" />
      </div>
      <Button type="submit" disabled={busy}>
        {busy ? "Attaching…" : "Attach summary"}
      </Button>
    </form>
  );
}
