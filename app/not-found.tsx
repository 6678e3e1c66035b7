import { StatusPage } from "@/components/status-page";

export default function NotFound() {
  return (
    <StatusPage code="404" title="Not found">
      This page does not exist, or you are not a member of the project it belongs to.
    </StatusPage>
  );
}
