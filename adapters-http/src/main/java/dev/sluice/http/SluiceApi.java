package dev.sluice.http;

import io.micronaut.serde.annotation.SerdeImport;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import dev.sluice.ports.in.IngestMasterData;
import dev.sluice.ports.in.RunSimulator;
import dev.sluice.ports.in.ManageDeadLetters;
import dev.sluice.ports.in.ObserveRoutes;
import dev.sluice.ports.in.SubscribeToChannel;

/** OpenAPI description of the whole API, and JSON support for the port records the API returns. */
@OpenAPIDefinition(info = @Info(title = "Sluice", version = "0.1",
        description = "Event-streaming hub: ingest business events over REST, watch them as Server-Sent Events, "
                + "deliver them to webhooks with retries and dead letters. Errors are RFC 9457 problem+json.",
        license = @License(name = "Apache-2.0")))
@SerdeImport(IngestMasterData.Receipt.class)
@SerdeImport(RunSimulator.Status.class)
@SerdeImport(dev.sluice.ports.in.QueryViews.ViewInfo.class)
@SerdeImport(dev.sluice.ports.in.QueryViews.Rows.class)
@SerdeImport(dev.sluice.ports.in.BrowseTopics.TopicInfo.class)
@SerdeImport(dev.sluice.ports.in.PublishToTopic.Published.class)
@SerdeImport(IngestMasterData.Accepted.class)
@SerdeImport(ManageDeadLetters.DeadLetterView.class)
@SerdeImport(ManageDeadLetters.ReplayReport.class)
@SerdeImport(SubscribeToChannel.ChannelInfo.class)
@SerdeImport(ObserveRoutes.RouteView.class)
@SerdeImport(ObserveRoutes.OutputView.class)
@SerdeImport(dev.sluice.ports.in.ObserveNotifications.Record.class)
@SerdeImport(dev.sluice.ports.in.BrowseMail.CaughtMail.class)
@SerdeImport(ObserveRoutes.Counts.class)
@SerdeImport(ObserveRoutes.ConsumerState.class)
@SerdeImport(ObserveRoutes.AttemptView.class)
@SerdeImport(dev.sluice.ports.in.ManageRoutes.RouteDefinition.class)
final class SluiceApi {
    private SluiceApi() {}
}
