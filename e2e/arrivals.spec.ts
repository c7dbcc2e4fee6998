import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";
import { signIn } from "./helpers";
import { bookingBody, bookThroughFhir, cancelThroughFhir, freeEdSlot, readThroughFhir, sendReportOverItk } from "./arrivals-fhir";
import { testReportXml } from "../lib/testing/test-report";

async function seriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
}

/** The board polls every 10 seconds: a change must show within that (plus the request itself). */
const WITHIN_10S = { timeout: 11_000 };

test("a 111 booking and its report reach the clinician's board, and a cancellation through the API shows on it", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const patient = { given: "Ellis", family: `Quillfeather${randomUUID().slice(0, 4).replace(/\d/g, "x")}`, birthDate: "1974-12-25", nhsNumber: "9993766984" };
  const rowName = `${patient.given} ${patient.family.toUpperCase()}`;
  const documentId = randomUUID();

  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto("/arrivals?hours=24");
  await expect(page.getByRole("heading", { level: 1, name: "Expected arrivals" })).toBeVisible();
  await expect(page.getByText("Booked times are arrival times, not appointments")).toBeVisible();
  await expect(page.getByText(/Last updated \d\d:\d\d/)).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);

  // 111 books through the FHIR API; the open board shows the new row, highlighted, without a reload.
  const booked = await bookThroughFhir(page.request, baseURL!, bookingBody(await freeEdSlot(page.request, baseURL!), patient, documentId));
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  const appointmentId = String(booked.body.id);
  const firstEtag = booked.etag;
  expect(firstEtag).toBe('W/"1"');
  const row = page.locator(`tr[data-booking-id="${appointmentId}"]`);
  await expect(row.getByRole("link", { name: rowName })).toBeVisible(WITHIN_10S);
  await expect(row).toContainText("not opened by you");
  await expect(row).toContainText("Not received yet");
  await expect(row).toContainText("999 376 6984");
  await expect(row).toContainText("(Verified)");
  await expect(row).toContainText("Allergies unknown: 111 summary not received");

  // The report arrives over ITK and is attached to the booking; the row says so.
  const report = await sendReportOverItk(page.request, baseURL!, {
    documentId: documentId.toUpperCase(),
    given: patient.given,
    family: patient.family,
    birthDate: patient.birthDate,
    nhsNumber: patient.nhsNumber,
    reasonXml: `Fell from a ladder<script>alert('from the report')</script> <content onmouseover="alert('hover')" styleCode="Bold">painful wrist</content>`,
  });
  expect(report.status, report.text).toBe(200);
  expect(report.text).toContain("SimpleMessageResponse");
  await expect(row).toContainText(/Received \d\d:\d\d/, WITHIN_10S);
  await expect(row).toContainText("Attend an Emergency Treatment Centre within 4 hours");
  await expect(row).toContainText("Allergies not sent by 111: ask the patient");
  await expect(row).toContainText("Possible safeguarding concern");

  // The booking page: contacts (rank 1 first), the summary sections, and no live markup from the report.
  await row.getByRole("link", { name: rowName }).click();
  await expect(page.getByRole("heading", { level: 1, name: rowName })).toBeVisible();
  const contacts = page.getByRole("table", { name: /Phone numbers/ });
  await expect(contacts.getByRole("row").nth(1)).toContainText("07700 900456");
  await expect(contacts.getByRole("row").nth(1)).toContainText("Next-of-Kin");
  await expect(contacts.getByRole("row").nth(1)).toContainText("Ring first");
  for (const heading of ["Reason for call", "Disposition", "Allergies"]) {
    await expect(page.getByRole("heading", { level: 3, name: heading, exact: true })).toBeVisible();
  }
  await expect(page.getByText("Fell from a ladder")).toBeVisible();
  await expect(page.getByText("Not sent by 111").first()).toBeVisible();
  const live = await page.evaluate(() => ({
    scripts: [...document.querySelectorAll("script")].filter((s) => (s.textContent ?? "").includes("from the report")).length,
    handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith("on"))).length,
  }));
  expect(live).toEqual({ scripts: 0, handlers: 0 });
  await page.getByText("painful wrist").hover();
  expect(dialogs).toEqual([]);
  expect(await seriousAxeViolations(page)).toEqual([]);

  // Staff mark the patient arrived: the ED's own workflow, which leaves the FHIR version alone.
  await page.getByRole("button", { name: "Mark as arrived" }).click();
  await expect(page.getByText(/Arrived at \d\d:\d\d/)).toBeVisible();
  expect((await readThroughFhir(page.request, baseURL!, appointmentId)).etag).toBe(firstEtag);

  // Back on the board the row is no longer highlighted for this clinician.
  await page.goto("/arrivals?hours=24");
  await expect(row).toContainText("Arrived");
  await expect(row).not.toContainText("not opened by you");

  // 111 cancels with the ETag it was given at booking; the board shows it, highlighted again, and the patient who is
  // already here keeps their summary.
  const read = await readThroughFhir(page.request, baseURL!, appointmentId);
  const cancelled = await cancelThroughFhir(page.request, baseURL!, read.body, firstEtag!);
  expect(cancelled.status, cancelled.text).toBe(200);
  expect(cancelled.etag).toBe('W/"2"');
  await expect(row).toContainText("Arrived, then cancelled by 111", WITHIN_10S);
  await expect(row).toContainText("not opened by you");
  await expect(row).toContainText("Allergies not sent by 111: ask the patient");
});

test("the sign-in page has no serious accessibility problems", async ({ page }) => {
  await page.goto("/login");
  expect(await seriousAxeViolations(page)).toEqual([]);
});

test("a clerk sees the board and the booking without clinical content, and cannot download the report", async ({ page }) => {
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  await page.goto("/arrivals?hours=48");
  await expect(page.getByRole("columnheader", { name: "Flags" })).toHaveCount(0);
  // HAZ-074: no reason for the call and no disposition for a clerk, on the board or the booking page.
  await expect(page.getByRole("columnheader", { name: "Reason" })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: "Disposition" })).toHaveCount(0);
  const link = page.locator("tbody tr[data-booking-id] a").first();
  await link.click();
  await expect(page.getByRole("heading", { level: 2, name: "111 clinical summary" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Reason for call" })).toHaveCount(0);
  await expect(page.getByText("Reason for the call", { exact: true })).toHaveCount(0);
  expect((await page.request.get("/api/arrivals/export")).status()).toBe(403);
});

test("a clerk uploads a report with no booking named in it, compares it side by side with the patient's booking and links it", async ({ page }) => {
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  await page.goto("/documents");
  await expect(page.getByRole("heading", { level: 1, name: "Clinical documents" })).toBeVisible();
  const xml = testReportXml({ documentId: randomUUID(), given: "Olivia", family: "Hartwell", birthDate: "1984-03-12", nhsNumber: "9990010005", sex: "2" });
  await page.getByLabel("111 report (ClinicalDocument XML file)").setInputFiles({ name: "report.xml", mimeType: "application/xml", buffer: Buffer.from(xml) });
  await page.getByRole("button", { name: "Upload report" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Waiting for its booking" })).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);

  await page.getByRole("region", { name: /Waiting for their booking/ }).getByRole("link", { name: "Olivia Hartwell" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check a 111 report" })).toBeVisible();
  await expect(page.getByText("The details agree.")).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Link to this booking" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Confirm that you have checked" }).first()).toBeVisible();
  await page.getByLabel(/I have checked that the patient in the report is Olivia HARTWELL/).check();
  await page.getByRole("button", { name: "Link to this booking" }).click();
  await expect(page.getByText("Attached to a booking")).toBeVisible();

  // A malformed upload and an XXE attempt are refused with a clear message.
  await page.goto("/documents");
  await page.getByLabel("111 report (ClinicalDocument XML file)").setInputFiles({ name: "bad.xml", mimeType: "application/xml", buffer: Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>') });
  await page.getByRole("button", { name: "Upload report" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The file is not a valid clinical document (CDA XML)" })).toBeVisible();
});

test("the board warns, not just shows an old time, when it can no longer refresh", async ({ page }) => {
  // The browser clock is already installed, on the server's time (e2e/fixtures.ts); installing it again would reset it.
  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await expect(page.getByText(/Last updated \d\d:\d\d/)).toBeVisible();
  await expect(page.getByText("Warning: this list may be out of date")).toHaveCount(0);
  await page.route("**/api/arrivals?*", (route) => route.abort());
  await page.clock.fastForward(70_000);
  await expect(page.getByRole("status").filter({ hasText: "Warning: this list may be out of date" })).toBeVisible();
  await expect(page.getByText(/Last updated \d\d:\d\d/)).toBeVisible();
});

test("a board showing every site asks which site it is watching, and remembers the choice on this computer (HAZ-071)", async ({ page }) => {
  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto("/arrivals?hours=24");
  // Shown only once the server has answered the heartbeat: this board counts for no site.
  await expect(page.getByText("Choose your site below so the ED knows this board is being watched.")).toBeVisible();
  const site = page.getByLabel("Site", { exact: true });
  const first = await site.locator("option").nth(1).getAttribute("value");
  const chosen = page.waitForResponse((r) => r.url().endsWith("/api/arrivals/presence") && r.request().postDataJSON()?.siteId === first);
  await site.selectOption(first!);
  expect(await (await chosen).json()).toMatchObject({ chooseSite: false, watchingSiteIds: [first] });
  await expect(page.getByText("Choose your site below so the ED knows this board is being watched.")).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("Site", { exact: true })).toHaveValue(first!);
});

test("a clerk attaches a 111 summary that came by e-mail; a clinician reads it only as a download with safe headers (HAZ-072, HAZ-073)", async ({ page, baseURL }) => {
  const patient = { given: "Robin", family: `Emailed${randomUUID().slice(0, 4).replace(/\d/g, "y")}`, birthDate: "1969-04-02", nhsNumber: "9990001138" };
  const booked = await bookThroughFhir(page.request, baseURL!, bookingBody(await freeEdSlot(page.request, baseURL!), patient, randomUUID()));
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  const id = String(booked.body.id);

  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  await page.goto(`/arrivals/${id}`);
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "latin1");
  await page.getByLabel("Summary file (PDF or HTML, 5 MB at most)").setInputFiles({ name: "111 report.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByLabel("How did it reach you?").fill("e-mailed by NHS 111 to the ED inbox");
  await page.getByRole("button", { name: "Attach summary" }).click();
  await expect(page.getByRole("status").filter({ hasText: "received by another route" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "111 summary received by another route" })).toBeVisible();
  await expect(page.getByText("The summary is shown to clinicians only.").first()).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.context().clearCookies();

  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto(`/arrivals/${id}`);
  const link = page.getByRole("link", { name: /Download the PDF/ });
  await expect(link).toBeVisible();
  const res = await page.request.get((await link.getAttribute("href"))!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="111 report\.pdf"$/);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["content-security-policy"]).toContain("sandbox");
  expect(Buffer.from(await res.body()).equals(pdf)).toBe(true);
});
