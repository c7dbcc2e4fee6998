"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { ErrorSummary } from "@/components/ui/ErrorSummary";

/** A clerk uploads a 111 report (a ClinicalDocument XML file) that did not arrive over ITK. */
export function UploadDocumentForm() {
  const router = useRouter();
  const [result, setResult] = useState<{ ok: boolean; message: string; at: number } | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = (e.currentTarget.elements.namedItem("document") as HTMLInputElement).files?.[0];
    if (!file) {
      setResult({ ok: false, message: "Choose a ClinicalDocument XML file to upload", at: Date.now() });
      return;
    }
    setBusy(true);
    try {
      const res = await fetch("/api/documents", { method: "POST", headers: { "Content-Type": "application/xml" }, body: await file.text() });
      const body = (await res.json().catch(() => ({}))) as { message?: string; error?: string };
      setResult({ ...(res.ok ? { ok: true, message: body.message ?? "Stored." } : { ok: false, message: body.error ?? `The upload failed (${res.status})` }), at: Date.now() });
      if (res.ok) router.refresh();
    } catch {
      setResult({ ok: false, message: "The upload failed. Check your connection and try again.", at: Date.now() });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="space-y-3 bg-white p-4" noValidate>
      {result?.ok && (
        <p role="status" className="border-l-4 border-nhs-green p-2 font-bold">
          {result.message}
        </p>
      )}
      {result && !result.ok && <ErrorSummary errors={[{ field: "document", message: result.message }]} focusKey={result.at} />}
      <div>
        <label htmlFor="document" className="block font-bold">
          111 report (ClinicalDocument XML file)
        </label>
        <p id="document-hint" className="text-nhs-grey-1">
          It is checked against bookings the same way as a report sent by ITK.
        </p>
        <input id="document" name="document" type="file" accept=".xml,text/xml,application/xml" aria-describedby="document-hint" className="mt-1" />
      </div>
      <Button type="submit" disabled={busy}>
        {busy ? "Uploading…" : "Upload report"}
      </Button>
    </form>
  );
}
